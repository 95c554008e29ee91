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
