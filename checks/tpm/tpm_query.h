/*
 * tpm_query.h - the read-only TPM commands the checks use, each with its
 * bounds: properties, PCR banks, NV index list and contents, public areas,
 * the self-test result. Nothing here writes to the TPM; the one command that
 * creates an object (the EK primary, tpm_ek_primary.c) flushes it.
 */
#ifndef PREFLIGHT_TPM_QUERY_H
#define PREFLIGHT_TPM_QUERY_H
#include <stdbool.h>
#include <stddef.h>
#include <tss2/tss2_sys.h>
#include "checks/tpm/nv_read_rule.h"

/* Reads one TPM_PT property value; returns the response code (TPM2_RC_SUCCESS; not found is an error). */
TSS2_RC tpm_property(TSS2_SYS_CONTEXT *sys, uint32_t property, uint32_t *value);
/* After a successful TPM2_GetCapability: TSS2_SYS_RC_MALFORMED_RESPONSE unless the decoded moreData and
 * capability data fill the response's parameter area exactly (tss2-sys decodes against its whole buffer, so a
 * response cut short behind a consistent header would otherwise be read from stale bytes); else rc. */
TSS2_RC tpm_capability_exact(TSS2_SYS_CONTEXT *sys, TSS2_RC rc, const TPMS_CAPABILITY_DATA *data);
/* The same for TPM2_Create's answer (outPrivate, outPublic, creationData, creationHash, creationTicket; Part 3, 12.1)
 * and TPM2_Load's (name; Part 3, 12.2): tss2-sys decodes within its buffer, so a short or padded answer would
 * otherwise pass with stale bytes. */
TSS2_RC tpm_create_answer_exact(TSS2_SYS_CONTEXT *sys, TSS2_RC rc, const TPM2B_PRIVATE *priv, const TPM2B_PUBLIC *pub,
				const TPM2B_CREATION_DATA *creation, const TPM2B_DIGEST *hash, const TPMT_TK_CREATION *ticket);
TSS2_RC tpm_load_answer_exact(TSS2_SYS_CONTEXT *sys, TSS2_RC rc, const TPM2B_NAME *name);
/* The PCR banks (TPM_CAP_PCRS). */
TSS2_RC tpm_pcr_banks(TSS2_SYS_CONTEXT *sys, TPML_PCR_SELECTION *banks);
/* The handles in [first, last] (TPM_CAP_HANDLES, listed from first on), at most max of them. */
TSS2_RC tpm_handle_list(TSS2_SYS_CONTEXT *sys, uint32_t first, uint32_t last, uint32_t *handles, size_t max, size_t *count);
/* NV indices in [first, last], at most max of them. */
TSS2_RC tpm_nv_list(TSS2_SYS_CONTEXT *sys, uint32_t first, uint32_t last, uint32_t *handles, size_t max, size_t *count);
/*
 * Reads a whole NV index in chunks of TPM_PT_NV_BUFFER_MAX, with the authorisation the NV read rule allows
 * (nv_read_rule.h: never one that could count towards dictionary-attack lockout). *rule says which, or why
 * the index was not read; then the result is TPM_QUERY_RC_NOT_READ and no TPM2_NV_Read was sent.
 */
TSS2_RC tpm_nv_read_all(TSS2_SYS_CONTEXT *sys, uint32_t index, bool owner_auth_empty, uint8_t *buf, size_t cap,
			size_t *len, enum nv_read_auth *rule);
#define TPM_QUERY_RC_NOT_READ ((TSS2_RC)(TSS2_SYS_RC_LAYER | TSS2_BASE_RC_NOT_PERMITTED))
/* TPM2_ReadPublic of a loaded or persistent object. */
TSS2_RC tpm_read_public(TSS2_SYS_CONTEXT *sys, uint32_t handle, TPM2B_PUBLIC *out);
/* TPM2_GetTestResult (Part 3, 10.4): testResult and outData, the vendor's information on a failure. */
TSS2_RC tpm_test_result(TSS2_SYS_CONTEXT *sys, TPM2_RC *result, TPM2B_MAX_BUFFER *data);

enum { EK_NV_MAX = 4096 };

#endif
