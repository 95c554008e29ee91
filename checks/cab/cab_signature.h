/*
 * cab_signature.h - the Authenticode signature of a CAB file: is this
 * TrustedTpm.cab the one Microsoft signed? A signed CAB has the reserve flag
 * and a 20-byte header reserve whose bytes 4-11 give the offset and size of a
 * PKCS#7 SignedData appended after the cabinet; its SpcIndirectDataContent
 * carries a digest of the CAB's bytes, some header fields skipped
 * (cab_signature.c says which).
 */
#ifndef PREFLIGHT_CAB_SIGNATURE_H
#define PREFLIGHT_CAB_SIGNATURE_H
#include <stddef.h>
#include <stdint.h>

enum cab_signature_state {
	CAB_SIGNED_BY_MICROSOFT, /* digest, signer and chain to Microsoft Root Certificate Authority 2011 verified */
	CAB_UNSIGNED,            /* no signature at all */
	CAB_SIGNATURE_INVALID,   /* a signature that does not verify, or one that is not Microsoft's */
};

/* The signer Microsoft signs TrustedTpm.cab with (its certificate's common name). */
#define CAB_SIGNER_NAME "Microsoft Corporation"

/* signed_on: the cab's own date (version.txt) as Unix time, at which the certificates must have been valid.
 * signer gets the signer's common name when there is one; why says what failed (or "" when signed). */
enum cab_signature_state cab_signature_verify(const uint8_t *cab, size_t len, long long signed_on, char *signer,
					      size_t signer_len, char *why, size_t why_len);
const char *cab_signature_state_name(enum cab_signature_state s);

/* Exposed for the tests: finds the signature (0), none (1), or a layout that leaves structure unsigned (-1). */
int cab_signature_locate(const uint8_t *cab, size_t len, size_t *sig_offset, size_t *sig_len, const char **why);
/* The Authenticode digest of a signed CAB whose signature starts at sig_offset; 0 or -1. */
int cab_authenticode_digest(const uint8_t *cab, size_t sig_offset, int md_type, uint8_t *out);

#endif
