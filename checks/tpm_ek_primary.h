/*
 * tpm_ek_primary.h - the TPM's endorsement key public area: from the
 * persistent handle 0x81010001 when present, else TPM2_CreatePrimary with
 * the TCG default template for the certificate's NV index (TCG EK Credential
 * Profile 2.2: RSA template L-1 for 0x01C00002, H-1 for 0x01C00012). The
 * transient key is always flushed.
 */
#ifndef PREFLIGHT_TPM_EK_PRIMARY_H
#define PREFLIGHT_TPM_EK_PRIMARY_H
#include <stdbool.h>
#include <tss2/tss2_sys.h>

enum { EK_PERSISTENT_RSA = 0x81010001 };

/* The default RSA EK template for a certificate index. */
void ek_rsa_template(uint32_t nv_index, TPM2B_PUBLIC *out);
/* Reads the RSA EK public area; *created says whether CreatePrimary was needed. */
TSS2_RC tpm_rsa_ek_public(TSS2_SYS_CONTEXT *sys, uint32_t nv_index, TPM2B_PUBLIC *out, bool *created);
/* Loads the RSA EK for use: the persistent handle, or a transient CreatePrimary copy (*transient set: flush it). */
TSS2_RC tpm_rsa_ek_load(TSS2_SYS_CONTEXT *sys, uint32_t nv_index, uint32_t *handle, TPM2B_PUBLIC *out, bool *transient);
/* Always re-creates it from the template (and flushes it). */
TSS2_RC tpm_rsa_ek_create(TSS2_SYS_CONTEXT *sys, uint32_t nv_index, TPM2B_PUBLIC *out);

#endif
