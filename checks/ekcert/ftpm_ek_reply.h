/*
 * ftpm_ek_reply.h - the certificate out of a firmware-TPM vendor service's
 * answer (docs/attestation-facts.md §5): Intel answers JSON {"pubhash": ..., "certificate":
 * "<base64url DER>"}, AMD the certificate itself, DER or PEM.
 */
#ifndef PREFLIGHT_FTPM_EK_REPLY_H
#define PREFLIGHT_FTPM_EK_REPLY_H
#include <stddef.h>
#include <stdint.h>

/* Decodes body into der (at most cap bytes); returns 0, or -1 with a reason. The DER itself is not checked here. */
int ftpm_ek_reply_decode(const uint8_t *body, size_t len, uint8_t *der, size_t cap, size_t *der_len, char *why,
			 size_t why_len);

#endif
