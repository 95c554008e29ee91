/*
 * tpm_ak_template.h - the attestation key the credential activation self-test
 * creates under the EK: by default an ECC P-256 key (a fraction of a second on
 * a discrete TPM), or the RSA-2048 AIK exactly as Windows makes it, for
 * firmware validation. Both are restricted signing keys; the proof is the same
 * (docs/transports.md, "The credential activation self-test").
 */
#ifndef PREFLIGHT_TPM_AK_TEMPLATE_H
#define PREFLIGHT_TPM_AK_TEMPLATE_H
#include <tss2/tss2_sys.h>

enum ak_kind { AK_ECC_P256, AK_RSA_2048, AK_KIND_COUNT };

/* "ecc", "rsa": the names preflight.conf's activation_key and --activation-key take. */
extern const char *const ak_kind_names[AK_KIND_COUNT];
/* The key in words, for the evidence: "ECC P-256 (ECDSA SHA-256)" ... */
const char *ak_kind_words(enum ak_kind kind);
/* The template: restricted signing key, nameAlg SHA-256, fixedTPM fixedParent sensitiveDataOrigin userWithAuth noDA. */
void ak_template(enum ak_kind kind, TPM2B_PUBLIC *t);

#endif
