/*
 * tpm_handles.c - flushing what a command with a lost answer created. TPM
 * 2.0 Part 2, 7.2 (handle types: 0x80 transient, 0x02 HMAC and 0x03 policy
 * sessions); Part 3, 30.2 (TPM2_GetCapability, TPM_CAP_HANDLES with
 * TPM_HT_LOADED_SESSION lists loaded sessions of both kinds); Part 3, 28.4
 * (TPM2_FlushContext).
 */
#include "checks/tpm/tpm_handles.h"
#include "checks/tpm/tpm_query.h"

enum {
	TRANSIENT_FIRST = 0x80000000, TRANSIENT_LAST = 0x80FFFFFF,
	SESSION_FIRST = 0x02000000, SESSION_LAST = 0x03FFFFFF,
};

/* Both kinds of handle; false when the TPM did not answer. */
static bool list_loaded(TSS2_SYS_CONTEXT *sys, struct tpm_handles *h)
{
	size_t objects = 0, sessions = 0;
	h->count = 0;
	if (tpm_handle_list(sys, TRANSIENT_FIRST, TRANSIENT_LAST, h->handle, TPM_HANDLES_MAX / 2, &objects) != TSS2_RC_SUCCESS ||
	    tpm_handle_list(sys, SESSION_FIRST, SESSION_LAST, h->handle + objects, TPM_HANDLES_MAX - objects, &sessions) !=
		    TSS2_RC_SUCCESS)
		return false;
	h->count = objects + sessions;
	return true;
}

void tpm_handles_note(TSS2_SYS_CONTEXT *sys, struct tpm_handles *before)
{
	before->known = list_loaded(sys, before);
}

bool tpm_answer_lost(TSS2_RC rc)
{
	/* TSS 2.0 SAPI: errors of the TCTI layer come from moving the bytes; these two SYS errors and every error of
	 * the marshalling layer (MU, layer 9: a size or value in the answer out of range) from decoding an answer
	 * that did arrive - the TPM may have done the work. TPM errors (layer 0) mean the TPM refused: nothing was
	 * created. */
	return (rc & TSS2_RC_LAYER_MASK) == TSS2_TCTI_RC_LAYER || (rc & TSS2_RC_LAYER_MASK) == TSS2_MU_RC_LAYER ||
	       rc == TSS2_SYS_RC_MALFORMED_RESPONSE || rc == TSS2_SYS_RC_INSUFFICIENT_RESPONSE;
}

static bool contains(const struct tpm_handles *h, uint32_t handle)
{
	for (size_t i = 0; i < h->count; i++)
		if (h->handle[i] == handle)
			return true;
	return false;
}

size_t tpm_handles_flush_new(TSS2_SYS_CONTEXT *sys, const struct tpm_handles *before, TSS2_RC rc)
{
	struct tpm_handles now;
	size_t flushed = 0;
	if (!tpm_answer_lost(rc) || !before->known || !list_loaded(sys, &now))
		return 0;
	for (size_t i = 0; i < now.count; i++)
		if (!contains(before, now.handle[i]) && Tss2_Sys_FlushContext(sys, now.handle[i]) == TSS2_RC_SUCCESS)
			flushed++;
	return flushed;
}
