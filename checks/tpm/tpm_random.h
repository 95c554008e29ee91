/*
 * tpm_random.h - random bytes from the TPM's own generator (TPM 2.0 Library
 * Part 3, 16.1 TPM2_GetRandom), for machines whose platform has no source of
 * its own: session nonces, the activation credential, mbed TLS's entropy and
 * lwIP's numbers (boot/platform.h, platform_random_fallback).
 */
#ifndef PREFLIGHT_TPM_RANDOM_H
#define PREFLIGHT_TPM_RANDOM_H
#include <stddef.h>
#include <tss2/tss2_sys.h>
#include "tpmdrv/transport.h"

/* Fills buf with len bytes from TPM2_GetRandom, asking again while one answer (at most a digest) is short. */
TSS2_RC tpm_random(TSS2_SYS_CONTEXT *sys, void *buf, size_t len);

/* A TPM as a random source of its own: a TSS context over the transport, apart from the engine's, since the
 * network may need random numbers before the engine runs and after it has ended. */
struct tpm_random_source {
	TSS2_TCTI_CONTEXT *tcti;
	TSS2_SYS_CONTEXT *sys;
	TSS2_RC last_rc; /* the last failure, for tests and messages; TSS2_RC_SUCCESS when none */
};

/* 0, or -1 when out of memory. */
int tpm_random_source_open(struct tpm_random_source *s, struct tpm_transport *transport);
/* A platform_random_fn (boot/platform.h): ctx is the source. 0, or -1 when the TPM did not give the bytes. */
int tpm_random_source_fill(void *ctx, void *buf, size_t len);
/* Releases the context (not the transport); a closed or never opened source may be closed again. */
void tpm_random_source_close(struct tpm_random_source *s);

#endif
