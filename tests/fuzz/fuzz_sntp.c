/* fuzz_sntp.c - answers of NTP servers (RFC 4330) to the clock check's request. */
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include "net/sntp_packet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sntp_answer a;
	char why[160], code[FAILURE_CODE_MAX];
	uint64_t cookie = 0;
	if (size >= 32)
		memcpy(&cookie, data + 24, sizeof(cookie)); /* let some inputs carry the matching originate stamp */
	sntp_answer_parse(data, size, cookie, &a, why, sizeof(why), code);
	return 0;
}
