/* tpm_random.c - see tpm_random.h. */
#include "checks/tpm/tpm_random.h"
#include "tpmdrv/tcti_transport.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * TPM 2.0 Library Part 3, 16.1: "If bytesRequested is more than will fit into a TPM2B_DIGEST on the TPM, no error
 * is returned but the TPM will only return as much data as will fit" - so each answer is taken for what it holds
 * and the rest asked for again. An empty answer would never end the loop: it is an error.
 */
TSS2_RC tpm_random(TSS2_SYS_CONTEXT *sys, void *buf, size_t len)
{
	uint8_t *p = buf;
	while (len) {
		TPM2B_DIGEST got = { .size = 0 };
		UINT16 want = len < sizeof(got.buffer) ? (UINT16)len : (UINT16)sizeof(got.buffer);
		TSS2_RC rc = Tss2_Sys_GetRandom(sys, NULL, want, &got, NULL);
		if (rc != TSS2_RC_SUCCESS)
			return rc;
		if (got.size == 0 || got.size > sizeof(got.buffer))
			return TSS2_SYS_RC_MALFORMED_RESPONSE;
		size_t n = got.size < want ? got.size : want;
		memcpy(p, got.buffer, n);
		p += n;
		len -= n;
	}
	return TSS2_RC_SUCCESS;
}

int tpm_random_source_open(struct tpm_random_source *s, struct tpm_transport *transport)
{
	memset(s, 0, sizeof(*s));
	size_t size = Tss2_Sys_GetContextSize(0);
	TSS2_ABI_VERSION abi = TSS2_ABI_VERSION_CURRENT;
	s->tcti = tcti_transport_new(transport);
	s->sys = calloc(1, size);
	if (!s->tcti || !s->sys || Tss2_Sys_Initialize(s->sys, size, s->tcti, &abi) != TSS2_RC_SUCCESS) {
		free(s->sys); /* never initialised: nothing to finalise */
		s->sys = NULL;
		tpm_random_source_close(s);
		return -1;
	}
	return 0;
}

int tpm_random_source_fill(void *ctx, void *buf, size_t len)
{
	struct tpm_random_source *s = ctx;
	if (!s->sys)
		return -1;
	s->last_rc = tpm_random(s->sys, buf, len);
	if (s->last_rc == TSS2_RC_SUCCESS)
		return 0;
	memset(buf, 0, len); /* no partial answer may be taken for random */
	return -1;
}

void tpm_random_source_close(struct tpm_random_source *s)
{
	if (s->sys)
		Tss2_Sys_Finalize(s->sys);
	free(s->sys);
	s->sys = NULL;
	tcti_transport_free(s->tcti);
	s->tcti = NULL;
}
