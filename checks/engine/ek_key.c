/*
 * ek_key.c - FACT_EK_KEY: the RSA endorsement key, loaded once per run for
 * every check that uses it. The persistent EK (0x81010001) when the TPM has
 * one, else TPM2_CreatePrimary with the TCG template of the RSA certificate's
 * index (TCG EK Credential Profile 2.3, B.3/B.4): on a discrete TPM an RSA-2048
 * key generation takes seconds, so it is made at most once and kept loaded
 * until the engine releases the TPM, which flushes it (read-only towards the
 * TPM: nothing is made persistent).
 */
#include "checks/engine/engine_internal.h"
#include "checks/tpm/tpm_ek_primary.h"
#include "checks/tpm/tpm_rc.h"
#include "boot/platform.h"

void collect_ek_key(struct engine *e)
{
	struct ek_key *k = &e->ek_key;
	k->index = e->rsa_ek ? e->rsa_ek->index : 0x01C00002; /* without a certificate: the low-range default */
	engine_say(e, "loading the RSA endorsement key (if it is not persistent, the TPM generates it: seconds on a "
		      "discrete TPM)");
	uint64_t started = platform_ms();
	k->rc = tpm_rsa_ek_load(e->sys, k->index, &k->handle, &k->pub, &k->transient);
	k->ms = platform_ms() - started;
	if (k->rc == TSS2_RC_SUCCESS) {
		e->facts[FACT_EK_KEY].gathered = e->facts[FACT_EK_KEY].present = true;
		return;
	}
	char words[160];
	tpm_rc_describe(k->rc, words, sizeof(words));
	const char *code = engine_transport_code(e, k->rc);
	fact_missing(e, FACT_EK_KEY, CHECK_ERROR, "no persistent RSA EK, and TPM2_CreatePrimary with the TCG template "
		     "of 0x%08x failed: %s%s%s%s", (unsigned)k->index, words, code[0] ? " [" : "", code, code[0] ? "]" : "");
}

void ek_key_release(struct engine *e)
{
	if (e->sys && e->ek_key.transient)
		Tss2_Sys_FlushContext(e->sys, e->ek_key.handle);
	e->ek_key.transient = false;
}
