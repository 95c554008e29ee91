/* net_random.c - see net_random.h. */
#include "net_random.h"
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int net_random_check(net_random_fill fill, char *problem, size_t cap, char *code)
{
	uint8_t first[16], second[16];
	bool works = fill(first, sizeof(first)) == 0 && fill(second, sizeof(second)) == 0;
	if (works && memcmp(first, second, sizeof(first)) != 0)
		return 0;
	snprintf(problem, cap, "the network is not started: %s, so DNS query ids, ports and the NTP cookie would be "
		 "predictable and answers could be forged; update the firmware or enable its RNG",
		 works ? "the random source repeats itself"
		       : "no random source gave bytes (EFI_RNG_PROTOCOL, RDRAND and the TPM's TPM2_GetRandom all failed or "
			 "are missing)");
	failure_code_set(code, works ? "NET-RANDOM-REPEATS" : "NET-RANDOM-FAILED");
	return -1;
}
