/*
 * tpm_ek_primary.h - the TPM's endorsement keys: the TCG default template for
 * each EK certificate index (TCG EK Credential Profile 2.3, B.3 and B.4), the
 * public area from the conventional persistent handle or TPM2_CreatePrimary.
 * Every transient key is flushed.
 */
#ifndef PREFLIGHT_TPM_EK_PRIMARY_H
#define PREFLIGHT_TPM_EK_PRIMARY_H
#include <stdbool.h>
#include <tss2/tss2_sys.h>

enum { EK_PERSISTENT_RSA = 0x81010001, EK_PERSISTENT_ECC = 0x81010002 };

/* The default template for an EK certificate's NV index; false when the index has none we know (SM2). */
bool ek_template(uint32_t nv_index, TPM2B_PUBLIC *out);
/*
 * The EK public area for a certificate index: from the persistent handle (unless `fresh`), else
 * CreatePrimary with the template, flushed at once; *created says which.
 */
TSS2_RC tpm_ek_public(TSS2_SYS_CONTEXT *sys, uint32_t nv_index, bool fresh, TPM2B_PUBLIC *out, bool *created);
/* Loads the RSA EK for use: the persistent handle, or a transient CreatePrimary copy (*transient set: flush it). */
TSS2_RC tpm_rsa_ek_load(TSS2_SYS_CONTEXT *sys, uint32_t nv_index, uint32_t *handle, TPM2B_PUBLIC *out, bool *transient);

#endif
