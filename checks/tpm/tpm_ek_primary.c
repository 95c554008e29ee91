/*
 * tpm_ek_primary.c - the default EK templates of the TCG EK Credential
 * Profile 2.3 (B.3 low range L-1, L-2; B.4 high range H-1 ... H-7), and
 * reading or re-creating an EK (read-only towards the TPM: a transient copy
 * is flushed by whoever loads it).
 */
#include "checks/tpm/tpm_ek_primary.h"
#include "checks/tpm/tpm_handles.h"
#include "checks/tpm/tpm_query.h"
#include <string.h>

/* TCG EK Credential Profile 2.3, table 8: PolicyA (PolicySecret(TPM_RH_ENDORSEMENT)) and PolicyB digests. */
static const uint8_t policy_a_sha256[32] = {
	0x83, 0x71, 0x97, 0x67, 0x44, 0x84, 0xb3, 0xf8, 0x1a, 0x90, 0xcc, 0x8d, 0x46, 0xa5, 0xd7, 0x24,
	0xfd, 0x52, 0xd7, 0x6e, 0x06, 0x52, 0x0b, 0x64, 0xf2, 0xa1, 0xda, 0x1b, 0x33, 0x14, 0x69, 0xaa,
};
static const uint8_t policy_b_sha256[32] = {
	0xca, 0x3d, 0x0a, 0x99, 0xa2, 0xb9, 0x39, 0x06, 0xf7, 0xa3, 0x34, 0x24, 0x14, 0xef, 0xcf, 0xb3,
	0xa3, 0x85, 0xd4, 0x4c, 0xd1, 0xfd, 0x45, 0x90, 0x89, 0xd1, 0x9b, 0x50, 0x71, 0xc0, 0xb7, 0xa0,
};
static const uint8_t policy_b_sha384[48] = {
	0xb2, 0x6e, 0x7d, 0x28, 0xd1, 0x1a, 0x50, 0xbc, 0x53, 0xd8, 0x82, 0xbc, 0xf5, 0xfd, 0x3a, 0x1a,
	0x07, 0x41, 0x48, 0xbb, 0x35, 0xd3, 0xb4, 0xe4, 0xcb, 0x1c, 0x0a, 0xd9, 0xbd, 0xe4, 0x19, 0xca,
	0xcb, 0x47, 0xba, 0x09, 0x69, 0x96, 0x46, 0x15, 0x0f, 0x9f, 0xc0, 0x00, 0xf3, 0xf8, 0x0e, 0x12,
};
static const uint8_t policy_b_sha512[64] = {
	0xb8, 0x22, 0x1c, 0xa6, 0x9e, 0x85, 0x50, 0xa4, 0x91, 0x4d, 0xe3, 0xfa, 0xa6, 0xa1, 0x8c, 0x07,
	0x2c, 0xc0, 0x12, 0x08, 0x07, 0x3a, 0x92, 0x8d, 0x5d, 0x66, 0xd5, 0x9e, 0xf7, 0x9e, 0x49, 0xa4,
	0x29, 0xc4, 0x1a, 0x6b, 0x26, 0x95, 0x71, 0xd5, 0x7e, 0xdb, 0x25, 0xfb, 0xdb, 0x18, 0x38, 0x42,
	0x56, 0x08, 0xb4, 0x13, 0xcd, 0x61, 0x6a, 0x5f, 0x6d, 0xb5, 0xb6, 0x07, 0x1a, 0xf9, 0x9b, 0xea,
};

struct ek_template {
	uint32_t nv_index;
	uint32_t persistent;     /* the handle where this EK is conventionally kept, 0 for none */
	TPMI_ALG_PUBLIC type;
	TPMI_ALG_HASH name_alg;
	const uint8_t *policy;
	uint16_t policy_len;
	bool high;               /* high range: userWithAuth set, empty unique */
	uint16_t aes_bits;
	uint16_t rsa_bits;
	TPMI_ECC_CURVE curve;
	uint16_t unique_len;     /* low range: zero bytes of the key size in unique */
};

static const struct ek_template templates[] = {
	{ 0x01C00002, EK_PERSISTENT_RSA, TPM2_ALG_RSA, TPM2_ALG_SHA256, policy_a_sha256, 32, false, 128, 2048, 0, 256 },
	{ 0x01C0000A, EK_PERSISTENT_ECC, TPM2_ALG_ECC, TPM2_ALG_SHA256, policy_a_sha256, 32, false, 128, 0, TPM2_ECC_NIST_P256, 32 },
	{ 0x01C00012, 0, TPM2_ALG_RSA, TPM2_ALG_SHA256, policy_b_sha256, 32, true, 128, 2048, 0, 0 },
	{ 0x01C00014, 0, TPM2_ALG_ECC, TPM2_ALG_SHA256, policy_b_sha256, 32, true, 128, 0, TPM2_ECC_NIST_P256, 0 },
	{ 0x01C00016, 0, TPM2_ALG_ECC, TPM2_ALG_SHA384, policy_b_sha384, 48, true, 256, 0, TPM2_ECC_NIST_P384, 0 },
	{ 0x01C00018, 0, TPM2_ALG_ECC, TPM2_ALG_SHA512, policy_b_sha512, 64, true, 256, 0, TPM2_ECC_NIST_P521, 0 },
	{ 0x01C0001C, 0, TPM2_ALG_RSA, TPM2_ALG_SHA384, policy_b_sha384, 48, true, 256, 3072, 0, 0 },
	{ 0x01C0001E, 0, TPM2_ALG_RSA, TPM2_ALG_SHA384, policy_b_sha384, 48, true, 256, 4096, 0, 0 },
};

static const struct ek_template *template_for(uint32_t nv_index)
{
	for (size_t i = 0; i < sizeof(templates) / sizeof(templates[0]); i++)
		if (templates[i].nv_index == nv_index)
			return &templates[i];
	return NULL;
}

bool ek_template(uint32_t nv_index, TPM2B_PUBLIC *out)
{
	const struct ek_template *t = template_for(nv_index);
	memset(out, 0, sizeof(*out));
	if (!t)
		return false;
	TPMT_PUBLIC *p = &out->publicArea;
	p->type = t->type;
	p->nameAlg = t->name_alg;
	p->objectAttributes = t->high ? 0x000300F2 : 0x000300B2; /* ... restricted decrypt, + userWithAuth in the high range */
	p->authPolicy.size = t->policy_len;
	memcpy(p->authPolicy.buffer, t->policy, t->policy_len);
	if (t->type == TPM2_ALG_RSA) {
		p->parameters.rsaDetail.symmetric = (TPMT_SYM_DEF_OBJECT){ TPM2_ALG_AES, { .aes = t->aes_bits }, { .aes = TPM2_ALG_CFB } };
		p->parameters.rsaDetail.scheme.scheme = TPM2_ALG_NULL;
		p->parameters.rsaDetail.keyBits = t->rsa_bits;
		p->unique.rsa.size = t->unique_len;
	} else {
		p->parameters.eccDetail.symmetric = (TPMT_SYM_DEF_OBJECT){ TPM2_ALG_AES, { .aes = t->aes_bits }, { .aes = TPM2_ALG_CFB } };
		p->parameters.eccDetail.scheme.scheme = TPM2_ALG_NULL;
		p->parameters.eccDetail.curveID = t->curve;
		p->parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
		p->unique.ecc.x.size = t->unique_len;
		p->unique.ecc.y.size = t->unique_len;
	}
	return true;
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
	struct tpm_handles before;
	if (!ek_template(nv_index, &in))
		return TSS2_SYS_RC_BAD_VALUE;
	memset(out, 0, sizeof(*out));
	tpm_handles_note(sys, &before);
	TSS2_RC rc = Tss2_Sys_CreatePrimary(sys, TPM2_RH_ENDORSEMENT, &auth, &sensitive, &in, &outside, &pcrs, handle, out,
					    &creation, &hash, &ticket, &name, NULL);
	tpm_handles_flush_new(sys, &before, rc); /* a key created for a lost answer */
	return rc;
}

TSS2_RC tpm_ek_public(TSS2_SYS_CONTEXT *sys, uint32_t nv_index, bool fresh, TPM2B_PUBLIC *out, bool *created)
{
	const struct ek_template *t = template_for(nv_index);
	*created = false;
	if (!t)
		return TSS2_SYS_RC_BAD_VALUE;
	if (!fresh && t->persistent && tpm_read_public(sys, t->persistent, out) == TSS2_RC_SUCCESS && out->publicArea.type == t->type)
		return TSS2_RC_SUCCESS;
	TPM2_HANDLE handle = 0;
	TSS2_RC rc = create_primary(sys, nv_index, out, &handle);
	if (rc == TSS2_RC_SUCCESS) {
		*created = true;
		Tss2_Sys_FlushContext(sys, handle);
	}
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
