/* kast.c - see kast.h. */
#include "checks/enrol/kast.h"
#include <stdlib.h>
#include <string.h>
#include <tss2/tss2_mu.h>

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

uint8_t *kast_build(const struct aik_enrol_tpm *tpm, size_t *len, const char **why)
{
	/* every part is bounded by its TPM2B or union: the public area, creation data and attestation at most their
	 * buffers, the signature at most an RSA-4096 one */
	size_t cap = KAST_HEADER_SIZE + sizeof(TPM2B_PUBLIC) + sizeof(TPM2B_CREATION_DATA) + sizeof(TPM2B_ATTEST) +
		     sizeof(TPMT_SIGNATURE);
	uint8_t *out = calloc(1, cap);
	size_t off = KAST_HEADER_SIZE;
	*len = 0;
	if (!out) {
		*why = "out of memory";
		return NULL;
	}
	if (Tss2_MU_TPM2B_PUBLIC_Marshal(&tpm->aik_public, out, cap, &off) != TSS2_RC_SUCCESS ||
	    Tss2_MU_TPM2B_CREATION_DATA_Marshal(&tpm->creation, out, cap, &off) != TSS2_RC_SUCCESS ||
	    Tss2_MU_TPM2B_ATTEST_Marshal(&tpm->attest, out, cap, &off) != TSS2_RC_SUCCESS ||
	    Tss2_MU_TPMT_SIGNATURE_Marshal(&tpm->signature, out, cap, &off) != TSS2_RC_SUCCESS) {
		free(out);
		*why = "the AIK's public area, creation data, attestation or signature cannot be marshalled";
		return NULL;
	}
	uint32_t header[7] = { KAST_MAGIC, KAST_VERSION, KAST_PLATFORM_TPM20, KAST_HEADER_SIZE,
			       (uint32_t)(off - KAST_HEADER_SIZE), 0, 0 };
	for (size_t i = 0; i < 7; i++)
		put_le32(out + 4 * i, header[i]);
	*len = off;
	return out;
}
