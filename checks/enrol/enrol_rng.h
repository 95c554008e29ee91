/*
 * enrol_rng.h - the platform's random source (aik_enrol_io.random:
 * platform_random on the machine) in the shape mbed TLS's f_rng takes, for
 * the client's RSA key, RSA padding and blinding, content keys and IVs.
 */
#ifndef PREFLIGHT_ENROL_RNG_H
#define PREFLIGHT_ENROL_RNG_H
#include <stddef.h>
#include <stdint.h>

struct enrol_rng {
	int (*random)(uint8_t *out, size_t len); /* 0 on success */
	int failures;                            /* calls that failed: the caller reports them as its own error */
};

/* mbed TLS's f_rng: ctx is a struct enrol_rng. Returns 0, or MBEDTLS_ERR_ENTROPY_SOURCE_FAILED. */
int enrol_rng_fill(void *ctx, unsigned char *out, size_t len);

#endif
