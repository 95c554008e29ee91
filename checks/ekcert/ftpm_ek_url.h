/*
 * ftpm_ek_url.h - where a firmware TPM's EK certificate can be downloaded
 * (docs/attestation-facts.md §5): Intel PTT at ekop.intel.com, AMD fTPM at ftpm.amd.com, both
 * addressed by a digest of the RSA EK public key.
 */
#ifndef PREFLIGHT_FTPM_EK_URL_H
#define PREFLIGHT_FTPM_EK_URL_H
#include <stddef.h>
#include <stdint.h>

/* https://ekop.intel.com/ekcertservice/ + URL-escaped base64url(SHA-256(modulus || 01 00 01)). */
void intel_ek_url(const uint8_t *modulus, size_t len, char *out, size_t out_len);
/* https://ftpm.amd.com/pki/aia/ + hex of SHA-256(00 00 22 22 || exponent BE32 || modulus)[0..16). exponent 0 = 65537. */
void amd_ek_url(const uint8_t *modulus, size_t len, uint32_t exponent, char *out, size_t out_len);

#endif
