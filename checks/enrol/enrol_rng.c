/* enrol_rng.c - see enrol_rng.h. */
#include "checks/enrol/enrol_rng.h"
#include <mbedtls/entropy.h>

int enrol_rng_fill(void *ctx, unsigned char *out, size_t len)
{
	struct enrol_rng *r = ctx;
	if (r->random(out, len) == 0)
		return 0;
	r->failures++;
	return MBEDTLS_ERR_ENTROPY_SOURCE_FAILED;
}
