/* fuzz_ftpm_reply.c - answers of the firmware-TPM vendor services (Intel JSON, AMD DER or PEM). */
#include <stdint.h>
#include <stddef.h>
#include "checks/ekcert/ftpm_ek_reply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t der[4096];
	size_t len;
	char why[160];
	ftpm_ek_reply_decode(data, size, der, sizeof(der), &len, why, sizeof(why));
	return 0;
}
