/*
 * aik_key.h - the AIK's public key as X.509 has it: the SubjectPublicKeyInfo
 * (RFC 3279 2.3.1, rsaEncryption) of the PKCS#10 request, built from the
 * TPM's public area (TPM 2.0 Part 2, 12.2.3.5: an exponent of 0 means 65537).
 */
#ifndef PREFLIGHT_AIK_KEY_H
#define PREFLIGHT_AIK_KEY_H
#include <stddef.h>
#include <stdint.h>
#include <tss2/tss2_tpm2_types.h>

/* The RSA modulus (big-endian, as the TPM gives it) and exponent; -1 when the area is not an RSA key. */
int aik_rsa_key(const TPM2B_PUBLIC *pub, const uint8_t **modulus, size_t *len, uint32_t *exponent);
/* The SubjectPublicKeyInfo DER (malloc'd), or NULL. */
uint8_t *aik_spki(const TPM2B_PUBLIC *pub, size_t *len);

#endif
