/* tpm_ek_primary.c - read or re-create the RSA EK (read-only towards the TPM: the transient copy is flushed). */
#include "tpm_ek_primary.h"
#include "tpm_query.h"
#include <string.h>

/* TCG EK Credential Profile 2.2, B.3.3 (template L-1) and B.4.4 (H-1): PolicySecret(TPM_RH_ENDORSEMENT) and PolicyB. */
static const uint8_t policy_a_sha256[32] = {
	0x83, 0x71, 0x97, 0x67, 0x44, 0x84, 0xb3, 0xf8, 0x1a, 0x90, 0xcc, 0x8d, 0x46, 0xa5, 0xd7, 0x24,
	0xfd, 0x52, 0xd7, 0x6e, 0x06, 0x52, 0x0b, 0x64, 0xf2, 0xa1, 0xda, 0x1b, 0x33, 0x14, 0x69, 0xaa,
};
static const uint8_t policy_b_sha256[32] = {
	0xca, 0x3d, 0x0a, 0x99, 0xa2, 0xb9, 0x39, 0x06, 0xf7, 0xa3, 0x34, 0x24, 0x14, 0xef, 0xcf, 0xb3,
	0xa3, 0x85, 0xd4, 0x4c, 0xd1, 0xfd, 0x45, 0x90, 0x89, 0xd1, 0x9b, 0x50, 0x71, 0xc0, 0xb7, 0xa0,
};

void ek_rsa_template(uint32_t nv_index, TPM2B_PUBLIC *out)
{
	bool high = nv_index >= 0x01C00012;
	memset(out, 0, sizeof(*out));
	TPMT_PUBLIC *p = &out->publicArea;
	p->type = TPM2_ALG_RSA;
	p->nameAlg = TPM2_ALG_SHA256;
	p->objectAttributes = high ? 0x000300F2 : 0x000300B2;
	p->authPolicy.size = 32;
	memcpy(p->authPolicy.buffer, high ? policy_b_sha256 : policy_a_sha256, 32);
	p->parameters.rsaDetail.symmetric.algorithm = TPM2_ALG_AES;
	p->parameters.rsaDetail.symmetric.keyBits.aes = 128;
	p->parameters.rsaDetail.symmetric.mode.aes = TPM2_ALG_CFB;
	p->parameters.rsaDetail.scheme.scheme = TPM2_ALG_NULL;
	p->parameters.rsaDetail.keyBits = 2048;
	p->parameters.rsaDetail.exponent = 0;
	p->unique.rsa.size = high ? 0 : 256; /* L-1: 256 zero bytes; H-1: empty */
}

static TSS2_RC create_primary(TSS2_SYS_CONTEXT *sys, uint32_t nv_index, TPM2B_PUBLIC *out, TPM2_HANDLE *handle)
{
	static const TSS2L_SYS_AUTH_COMMAND auth = { .count = 1, .auths = { { .sessionHandle = TPM2_RS_PW } } };
	TPM2B_SENSITIVE_CREATE sensitive = { .size = 0 };
	TPM2B_PUBLIC in;
	TPM2B_DATA outside = { .size = 0 };
	TPML_PCR_SELECTION pcrs = { .count = 0 };
	TPM2B_CREATION_DATA creation = { .size = 0 };
	TPM2B_DIGEST hash = { .size = 0 };
	TPMT_TK_CREATION ticket;
	TPM2B_NAME name = { .size = 0 };
	ek_rsa_template(nv_index, &in);
	memset(out, 0, sizeof(*out));
	return Tss2_Sys_CreatePrimary(sys, TPM2_RH_ENDORSEMENT, &auth, &sensitive, &in, &outside, &pcrs, handle, out,
				      &creation, &hash, &ticket, &name, NULL);
}

TSS2_RC tpm_rsa_ek_create(TSS2_SYS_CONTEXT *sys, uint32_t nv_index, TPM2B_PUBLIC *out)
{
	TPM2_HANDLE handle = 0;
	TSS2_RC rc = create_primary(sys, nv_index, out, &handle);
	if (rc == TSS2_RC_SUCCESS)
		Tss2_Sys_FlushContext(sys, handle);
	return rc;
}

TSS2_RC tpm_rsa_ek_load(TSS2_SYS_CONTEXT *sys, uint32_t nv_index, uint32_t *handle, TPM2B_PUBLIC *out, bool *transient)
{
	*transient = false;
	if (tpm_read_public(sys, EK_PERSISTENT_RSA, out) == TSS2_RC_SUCCESS && out->publicArea.type == TPM2_ALG_RSA) {
		*handle = EK_PERSISTENT_RSA;
		return TSS2_RC_SUCCESS;
	}
	TSS2_RC rc = create_primary(sys, nv_index, out, handle);
	*transient = rc == TSS2_RC_SUCCESS;
	return rc;
}

TSS2_RC tpm_rsa_ek_public(TSS2_SYS_CONTEXT *sys, uint32_t nv_index, TPM2B_PUBLIC *out, bool *created)
{
	*created = false;
	if (tpm_read_public(sys, EK_PERSISTENT_RSA, out) == TSS2_RC_SUCCESS && out->publicArea.type == TPM2_ALG_RSA)
		return TSS2_RC_SUCCESS;
	*created = true;
	return tpm_rsa_ek_create(sys, nv_index, out);
}
