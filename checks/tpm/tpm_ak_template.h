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

enum { WINDOWS_AIK_UNIQUE_LEN = 20 };
/* The AIK the enrolment sends to Microsoft's AIK service: the RSA-2048 template above with Windows' AIK
 * authPolicy, RSASSA SHA-1 and `unique` (WINDOWS_AIK_UNIQUE_LEN random bytes) that makes each primary key new. */
void windows_aik_template(TPM2B_PUBLIC *t, const uint8_t unique[WINDOWS_AIK_UNIQUE_LEN]);

#endif
