/*
 * make_credential.h - TPM2_MakeCredential done in software, as Microsoft's
 * AIK CA does it (TPM 2.0 Library Part 1, 24 "Credential Protection"; KDFa in
 * 11.4.10.2): a random seed encrypted to the EK with RSA-OAEP (label
 * "IDENTITY"), the credential encrypted with a key derived from the seed and
 * the AK's name, and an HMAC binding both.
 */
#ifndef PREFLIGHT_MAKE_CREDENTIAL_H
#define PREFLIGHT_MAKE_CREDENTIAL_H
#include <stddef.h>
#include <stdint.h>
#include <tss2/tss2_tpm2_types.h>

/*
 * ek: the RSA EK's public area (nameAlg SHA-256, AES-128-CFB symmetric); ak_name: the AK's TPM name;
 * random: fills a buffer with random bytes, returns 0. Returns 0, or -1 with a reason.
 */
int make_credential(const TPMT_PUBLIC *ek, const TPM2B_NAME *ak_name, const TPM2B_DIGEST *credential,
		    int (*random)(void *buf, size_t len), TPM2B_ID_OBJECT *blob, TPM2B_ENCRYPTED_SECRET *secret,
		    const char **why);
/* KDFa with SHA-256 (Part 1, 11.4.10.2): bits of key material from key, label, contextU, contextV. */
void kdfa_sha256(const uint8_t *key, size_t key_len, const char *label, const uint8_t *u, size_t u_len,
		 const uint8_t *v, size_t v_len, uint32_t bits, uint8_t *out);

#endif
