/*
 * tpm_ak_template.c - the attestation key templates (TPM 2.0 Library Part 2,
 * 12.2.3 TPMT_PUBLIC, 12.2.3.5 TPMS_RSA_PARMS, 12.2.3.6 TPMS_ECC_PARMS).
 */
#include "checks/tpm/tpm_ak_template.h"
#include <string.h>

const char *const ak_kind_names[AK_KIND_COUNT] = { "ecc", "rsa" };

const char *ak_kind_words(enum ak_kind kind)
{
	return kind == AK_RSA_2048 ? "RSA-2048 (RSASSA SHA-256, as Windows makes its AIK)" : "ECC P-256 (ECDSA SHA-256)";
}

/*
 * Windows' AIK: restricted signing key (fixedTPM fixedParent sensitiveDataOrigin userWithAuth restricted sign),
 * nameAlg SHA-256, plus noDA: using a DA-protected key marks the TPM so that a power loss before TPM2_Shutdown
 * counts as one authorisation failure (TPM 2.0 Library Part 1, "Dictionary Attack Protection": non-orderly
 * shutdown), and a preflight run usually ends with the power button. The ECC key has the same attributes.
 */
void ak_template(enum ak_kind kind, TPM2B_PUBLIC *t)
{
	memset(t, 0, sizeof(*t));
	TPMT_PUBLIC *p = &t->publicArea;
	p->nameAlg = TPM2_ALG_SHA256;
	p->objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN |
			      TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_NODA | TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_SIGN_ENCRYPT;
	if (kind == AK_RSA_2048) {
		p->type = TPM2_ALG_RSA;
		p->parameters.rsaDetail.symmetric.algorithm = TPM2_ALG_NULL;
		p->parameters.rsaDetail.scheme.scheme = TPM2_ALG_RSASSA;
		p->parameters.rsaDetail.scheme.details.rsassa.hashAlg = TPM2_ALG_SHA256;
		p->parameters.rsaDetail.keyBits = 2048;
		return;
	}
	p->type = TPM2_ALG_ECC;
	p->parameters.eccDetail.symmetric.algorithm = TPM2_ALG_NULL;
	p->parameters.eccDetail.scheme.scheme = TPM2_ALG_ECDSA;
	p->parameters.eccDetail.scheme.details.ecdsa.hashAlg = TPM2_ALG_SHA256;
	p->parameters.eccDetail.curveID = TPM2_ECC_NIST_P256;
	p->parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
}

/*
 * Windows' AIK as the AIK service has been shown to certify it: the public client that obtained real AIK
 * certificates (google/security-research, pocs/bios/tpm-carte-blanche, cmd/akcli/akcli.go) makes it with Windows'
 * AIK authPolicy - the policy TpmCoreProvisioning.dll gives its AIK (WindowsAIK::GeneratePolicy; the AIK Windows
 * keeps at 0x81000002 shows it, attributes 0x50472) - RSASSA with SHA-1, and 20 random bytes as the modulus'
 * `unique` so that each TPM2_CreatePrimary makes a new key (Part 1, 27.2.6: the template's unique is an input to
 * the primary key's derivation). The policy only adds ways to use the key; userWithAuth keeps the empty password
 * for the USER role (TPM2_CertifyCreation) and adminWithPolicy is clear, so TPM2_ActivateCredential's ADMIN role
 * uses it too (Part 1, 19.7).
 */
static const uint8_t windows_aik_policy[32] = {
	0x9d, 0xff, 0xcb, 0xf3, 0x6c, 0x38, 0x3a, 0xe6, 0x99, 0xfb, 0x98, 0x68, 0xdc, 0x6d, 0xcb, 0x89,
	0xd7, 0x15, 0x38, 0x84, 0xbe, 0x28, 0x03, 0x92, 0x2c, 0x12, 0x41, 0x58, 0xbf, 0xad, 0x22, 0xae,
};

void windows_aik_template(TPM2B_PUBLIC *t, const uint8_t unique[WINDOWS_AIK_UNIQUE_LEN])
{
	ak_template(AK_RSA_2048, t);
	TPMT_PUBLIC *p = &t->publicArea;
	p->authPolicy.size = sizeof(windows_aik_policy);
	memcpy(p->authPolicy.buffer, windows_aik_policy, sizeof(windows_aik_policy));
	p->parameters.rsaDetail.scheme.details.rsassa.hashAlg = TPM2_ALG_SHA1;
	p->unique.rsa.size = WINDOWS_AIK_UNIQUE_LEN;
	memcpy(p->unique.rsa.buffer, unique, WINDOWS_AIK_UNIQUE_LEN);
}
