/* tpm_query.c - read-only TPM queries through tss2-sys. */
#include "checks/tpm/tpm_query.h"
#include <string.h>
#include <tss2/tss2_mu.h>

/* TPM 2.0 Part 1, 19.6.8: an empty password authorisation (TPM_RS_PW). */
static const TSS2L_SYS_AUTH_COMMAND password_auth = {
	.count = 1,
	.auths = { { .sessionHandle = TPM2_RS_PW } },
};

/* The response's parameter area (TPM 2.0 Part 1, clause 18, response structure: after the header and any handles,
 * and after parameterSize when the response has sessions) must
 * hold exactly `decoded` bytes. */
static TSS2_RC exact(TSS2_SYS_CONTEXT *sys, size_t decoded)
{
	size_t used = 0;
	const uint8_t *area = NULL;
	if (Tss2_Sys_GetRpBuffer(sys, &used, &area) != TSS2_RC_SUCCESS || used != decoded)
		return TSS2_SYS_RC_MALFORMED_RESPONSE;
	return TSS2_RC_SUCCESS;
}

TSS2_RC tpm_capability_exact(TSS2_SYS_CONTEXT *sys, TSS2_RC rc, const TPMS_CAPABILITY_DATA *data)
{
	static uint8_t scratch[TPM2_MAX_COMMAND_SIZE];
	size_t size = 0;
	if (rc != TSS2_RC_SUCCESS)
		return rc;
	if (Tss2_MU_TPMS_CAPABILITY_DATA_Marshal(data, scratch, sizeof(scratch), &size) != TSS2_RC_SUCCESS)
		return TSS2_SYS_RC_MALFORMED_RESPONSE;
	return exact(sys, 1 + size); /* moreData, then the data */
}

TSS2_RC tpm_create_answer_exact(TSS2_SYS_CONTEXT *sys, TSS2_RC rc, const TPM2B_PRIVATE *priv, const TPM2B_PUBLIC *pub,
				const TPM2B_CREATION_DATA *creation, const TPM2B_DIGEST *hash, const TPMT_TK_CREATION *ticket)
{
	static uint8_t scratch[TPM2_MAX_COMMAND_SIZE];
	size_t size = 0;
	if (rc != TSS2_RC_SUCCESS)
		return rc;
	if (Tss2_MU_TPM2B_PRIVATE_Marshal(priv, scratch, sizeof(scratch), &size) != TSS2_RC_SUCCESS ||
	    Tss2_MU_TPM2B_PUBLIC_Marshal(pub, scratch, sizeof(scratch), &size) != TSS2_RC_SUCCESS ||
	    Tss2_MU_TPM2B_CREATION_DATA_Marshal(creation, scratch, sizeof(scratch), &size) != TSS2_RC_SUCCESS ||
	    Tss2_MU_TPM2B_DIGEST_Marshal(hash, scratch, sizeof(scratch), &size) != TSS2_RC_SUCCESS ||
	    Tss2_MU_TPMT_TK_CREATION_Marshal(ticket, scratch, sizeof(scratch), &size) != TSS2_RC_SUCCESS)
		return TSS2_SYS_RC_MALFORMED_RESPONSE;
	return exact(sys, size);
}

TSS2_RC tpm_load_answer_exact(TSS2_SYS_CONTEXT *sys, TSS2_RC rc, const TPM2B_NAME *name)
{
	static uint8_t scratch[sizeof(TPM2B_NAME)];
	size_t size = 0;
	if (rc != TSS2_RC_SUCCESS)
		return rc;
	if (Tss2_MU_TPM2B_NAME_Marshal(name, scratch, sizeof(scratch), &size) != TSS2_RC_SUCCESS)
		return TSS2_SYS_RC_MALFORMED_RESPONSE;
	return exact(sys, size);
}

TSS2_RC tpm_property(TSS2_SYS_CONTEXT *sys, uint32_t property, uint32_t *value)
{
	TPMI_YES_NO more;
	TPMS_CAPABILITY_DATA data;
	memset(&data, 0, sizeof(data));
	TSS2_RC rc = Tss2_Sys_GetCapability(sys, NULL, TPM2_CAP_TPM_PROPERTIES, property, 1, &more, &data, NULL);
	rc = tpm_capability_exact(sys, rc, &data);
	if (rc != TSS2_RC_SUCCESS)
		return rc;
	const TPML_TAGGED_TPM_PROPERTY *list = &data.data.tpmProperties;
	if (data.capability != TPM2_CAP_TPM_PROPERTIES || list->count < 1 || list->tpmProperty[0].property != property)
		return TSS2_SYS_RC_MALFORMED_RESPONSE;
	*value = list->tpmProperty[0].value;
	return TSS2_RC_SUCCESS;
}

TSS2_RC tpm_pcr_banks(TSS2_SYS_CONTEXT *sys, TPML_PCR_SELECTION *banks)
{
	TPMI_YES_NO more;
	TPMS_CAPABILITY_DATA data;
	memset(&data, 0, sizeof(data));
	TSS2_RC rc = tpm_capability_exact(sys, Tss2_Sys_GetCapability(sys, NULL, TPM2_CAP_PCRS, 0, 1, &more, &data, NULL),
					  &data);
	if (rc == TSS2_RC_SUCCESS && data.capability != TPM2_CAP_PCRS)
		rc = TSS2_SYS_RC_MALFORMED_RESPONSE;
	if (rc == TSS2_RC_SUCCESS)
		*banks = data.data.assignedPCR;
	return rc;
}

TSS2_RC tpm_handle_list(TSS2_SYS_CONTEXT *sys, uint32_t first, uint32_t last, uint32_t *handles, size_t max, size_t *count)
{
	*count = 0;
	uint32_t next = first;
	for (int round = 0; round < 16 && next <= last; round++) { /* bounded even if moreData never clears */
		TPMI_YES_NO more = TPM2_NO;
		TPMS_CAPABILITY_DATA data;
		memset(&data, 0, sizeof(data));
		TSS2_RC rc = Tss2_Sys_GetCapability(sys, NULL, TPM2_CAP_HANDLES, next, TPM2_MAX_CAP_HANDLES, &more, &data, NULL);
		rc = tpm_capability_exact(sys, rc, &data);
		if (rc != TSS2_RC_SUCCESS)
			return rc;
		const TPML_HANDLE *list = &data.data.handles;
		uint32_t n = list->count < TPM2_MAX_CAP_HANDLES ? list->count : TPM2_MAX_CAP_HANDLES;
		uint32_t highest = next;
		for (uint32_t i = 0; i < n; i++) {
			uint32_t h = list->handle[i];
			if (h >= first && h <= last && *count < max)
				handles[(*count)++] = h;
			if (h > highest)
				highest = h;
		}
		if (!more || n == 0 || highest < next)
			break;
		next = highest + 1;
	}
	return TSS2_RC_SUCCESS;
}

TSS2_RC tpm_nv_list(TSS2_SYS_CONTEXT *sys, uint32_t first, uint32_t last, uint32_t *handles, size_t max, size_t *count)
{
	return tpm_handle_list(sys, first, last, handles, max, count);
}

/* The chunk size for NV reads: TPM_PT_NV_BUFFER_MAX, or the PC Client minimum when the TPM does not say. */
static uint32_t nv_chunk(TSS2_SYS_CONTEXT *sys)
{
	uint32_t chunk = 0;
	if (tpm_property(sys, TPM2_PT_NV_BUFFER_MAX, &chunk) != TSS2_RC_SUCCESS || chunk == 0 || chunk > TPM2_MAX_NV_BUFFER_SIZE)
		chunk = 512;
	return chunk;
}

TSS2_RC tpm_nv_read_all(TSS2_SYS_CONTEXT *sys, uint32_t index, bool owner_auth_empty, uint8_t *buf, size_t cap,
			size_t *len, enum nv_read_auth *rule)
{
	TPM2B_NV_PUBLIC pub;
	TPM2B_NAME name;
	memset(&pub, 0, sizeof(pub));
	name.size = sizeof(name.name);
	*rule = NV_READ_SKIP_NEEDS_AUTH;
	TSS2_RC rc = Tss2_Sys_NV_ReadPublic(sys, index, NULL, &pub, &name, NULL);
	if (rc != TSS2_RC_SUCCESS)
		return rc;
	if (pub.nvPublic.nvIndex != index)
		return TSS2_SYS_RC_MALFORMED_RESPONSE;
	*rule = nv_read_rule(pub.nvPublic.attributes, owner_auth_empty);
	if (*rule != NV_READ_INDEX_AUTH && *rule != NV_READ_OWNER_AUTH)
		return TPM_QUERY_RC_NOT_READ;
	uint32_t auth_handle = *rule == NV_READ_OWNER_AUTH ? TPM2_RH_OWNER : index;
	uint32_t chunk = nv_chunk(sys);
	size_t total = pub.nvPublic.dataSize;
	if (total > cap)
		return TSS2_SYS_RC_INSUFFICIENT_CONTEXT;
	for (size_t off = 0; off < total;) {
		uint16_t want = (uint16_t)(total - off < chunk ? total - off : chunk);
		TPM2B_MAX_NV_BUFFER data = { .size = 0 };
		/* Asking for the response's session area makes tss2-sys check that the parameters end inside the
		 * response's size: it decodes them against its whole buffer, so a response cut short but with a
		 * consistent header would otherwise yield stale bytes as certificate data. */
		TSS2L_SYS_AUTH_RESPONSE rsp_auths = { .count = 0 };
		rc = Tss2_Sys_NV_Read(sys, auth_handle, index, &password_auth, want, (uint16_t)off, &data, &rsp_auths);
		if (rc != TSS2_RC_SUCCESS)
			return rc;
		if (data.size == 0 || data.size > want)
			return TSS2_SYS_RC_MALFORMED_RESPONSE;
		memcpy(buf + off, data.buffer, data.size);
		off += data.size;
	}
	*len = total;
	return TSS2_RC_SUCCESS;
}

TSS2_RC tpm_read_public(TSS2_SYS_CONTEXT *sys, uint32_t handle, TPM2B_PUBLIC *out)
{
	TPM2B_NAME name = { .size = sizeof(name.name) }, qualified = { .size = sizeof(qualified.name) };
	memset(out, 0, sizeof(*out));
	return Tss2_Sys_ReadPublic(sys, handle, NULL, out, &name, &qualified, NULL);
}

TSS2_RC tpm_test_result(TSS2_SYS_CONTEXT *sys, TPM2_RC *result, TPM2B_MAX_BUFFER *data)
{
	data->size = 0;
	TSS2_RC rc = Tss2_Sys_GetTestResult(sys, NULL, data, result, NULL);
	/* outData (a TPM2B) and testResult: a response cut short must not yield a stale testResult */
	return rc == TSS2_RC_SUCCESS && data->size <= sizeof(data->buffer) ? exact(sys, 2u + data->size + 4u) : rc;
}
