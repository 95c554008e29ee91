/*
 * check_activation.c - the exchange Microsoft's AIK CA demands (docs/attestation-facts.md §1):
 * create an attestation key under the run's RSA EK (FACT_EK_KEY), build a
 * credential for the key's name in software from the EK's public key, and have
 * the TPM unwrap it with TPM2_ActivateCredential, which needs
 * PolicySecret(TPM_RH_ENDORSEMENT) on the EK. The key is an ECC P-256
 * restricted signing key unless activation_key = rsa asks for Windows' own
 * RSA-2048 AIK: the EK's part of the proof is the same (docs/transports.md,
 * "The credential activation self-test"), and an RSA key generation takes
 * seconds on a discrete TPM. Every handle created is flushed; nothing is made
 * persistent.
 */
#include "checks/engine/engine_internal.h"
#include "checks/judges/judge_entropy.h"
#include "checks/tpm/ek_policy.h"
#include "checks/tpm/make_credential.h"
#include "checks/tpm/tpm_ak_template.h"
#include "checks/tpm/tpm_handles.h"
#include "checks/tpm/tpm_query.h"
#include "checks/tpm/tpm_rc.h"
#include "boot/platform.h"
#include <stdio.h>
#include <string.h>

struct activation {
	uint32_t ek, ak;
	const TPM2B_PUBLIC *ek_public;
	enum ak_kind kind;
	bool ak_loaded, create_sent;
	TPM2B_NAME ak_name;
	uint64_t create_ms;      /* TPM2_Create of the attestation key: its key generation */
	struct tpm_step step;    /* the command in progress, for the report */
};

static TSS2_RC create_and_load_ak(TSS2_SYS_CONTEXT *sys, struct activation *a)
{
	TPMI_SH_AUTH_SESSION session;
	TPM2B_SENSITIVE_CREATE sensitive = { .size = 0 };
	TPM2B_PUBLIC in, out = { .size = 0 };
	TPM2B_PRIVATE priv = { .size = 0 };
	TPM2B_DATA outside = { .size = 0 };
	TPML_PCR_SELECTION pcrs = { .count = 0 };
	TPM2B_CREATION_DATA creation = { .size = 0 };
	TPM2B_DIGEST hash = { .size = 0 };
	TPMT_TK_CREATION ticket;
	ak_template(a->kind, &in);
	TSS2_RC rc = ek_policy_session(sys, &session, &a->step, "TPM2_Create");
	if (rc != TSS2_RC_SUCCESS)
		return rc;
	TSS2L_SYS_AUTH_COMMAND auth = ek_policy_auth(session);
	tpm_step_set(&a->step, "TPM2_Create of the attestation key under the EK", "");
	uint64_t started = platform_ms();
	rc = Tss2_Sys_Create(sys, a->ek, &auth, &sensitive, &in, &outside, &pcrs, &priv, &out, &creation, &hash, &ticket, NULL);
	rc = tpm_create_answer_exact(sys, rc, &priv, &out, &creation, &hash, &ticket);
	a->create_ms = platform_ms() - started;
	a->create_sent = true;
	if (ek_policy_release(sys, session, rc) != TSS2_RC_SUCCESS)
		return rc;
	if ((rc = ek_policy_session(sys, &session, &a->step, "TPM2_Load")) != TSS2_RC_SUCCESS)
		return rc;
	auth = ek_policy_auth(session);
	tpm_step_set(&a->step, "TPM2_Load of the attestation key", "");
	a->ak_name.size = sizeof(a->ak_name.name);
	struct tpm_handles before;
	tpm_handles_note(sys, &before); /* the policy session is among them: ek_policy_release flushes it */
	rc = tpm_load_answer_exact(sys, Tss2_Sys_Load(sys, a->ek, &auth, &priv, &out, &a->ak, &a->ak_name, NULL), &a->ak_name);
	tpm_handles_flush_new(sys, &before, rc); /* an attestation key loaded for a lost answer */
	a->ak_loaded = rc == TSS2_RC_SUCCESS;
	return ek_policy_release(sys, session, rc);
}

static TSS2_RC activate(TSS2_SYS_CONTEXT *sys, struct activation *a, bool *same)
{
	TPM2B_DIGEST credential = { .size = 32 }, recovered = { .size = 0 };
	TPM2B_ID_OBJECT blob = { .size = 0 };
	TPM2B_ENCRYPTED_SECRET secret = { .size = 0 };
	const char *why = NULL;
	tpm_step_set(&a->step, "MakeCredential in software", "");
	if (platform_random(credential.buffer, credential.size) != 0 ||
	    make_credential(&a->ek_public->publicArea, &a->ak_name, &credential, platform_random, &blob, &secret, &why) != 0)
		return TSS2_SYS_RC_GENERAL_FAILURE;
	TSS2_RC rc = ek_activate_credential(sys, a->ak, a->ek, &blob, &secret, &recovered, &a->step);
	*same = rc == TSS2_RC_SUCCESS && recovered.size == credential.size &&
		memcmp(recovered.buffer, credential.buffer, credential.size) == 0;
	return rc;
}

static void judge_outcome(const struct engine *e, struct activation *a, TSS2_RC rc, bool same, uint64_t ms,
			  struct check_result *r)
{
	if (rc != TSS2_RC_SUCCESS) {
		char words[160];
		tpm_rc_describe(rc, words, sizeof(words));
		/* only the TPM's own refusal is a finding about the TPM; a warning (busy, out of memory, lockout), the
		 * library's, the transport's and ours are not */
		if (tpm_rc_is_warning(rc))
			outcome_set(r, CHECK_ERROR, "tpm-busy", "The TPM could not run %s now", a->step.text);
		else if ((rc & TSS2_RC_LAYER_MASK) == TSS2_TPM_RC_LAYER)
			outcome_set(r, CHECK_FAIL, "activation-failed", "Credential activation failed at %s", a->step.text);
		else
			outcome_set(r, CHECK_ERROR, "activation-incomplete", "Credential activation could not be completed at %s",
				    a->step.text);
		result_details(r, "%s", words);
	} else {
		outcome_set(r, same ? CHECK_PASS : CHECK_FAIL, "wrong-secret",
			    same ? "The TPM unwrapped a credential made for its EK and a new attestation key"
				 : "TPM2_ActivateCredential returned a different secret");
	}
	result_evidence(r, "ek", "%s", e->ek_key.transient ? "TPM2_CreatePrimary (transient, flushed at the end of the run)"
							   : "persistent 0x81010001");
	result_evidence(r, "attestation_key", "%s", ak_kind_words(a->kind));
	if (a->create_sent)
		result_evidence(r, "key_creation_ms", "%llu", (unsigned long long)a->create_ms);
	result_evidence(r, "duration_ms", "%llu", (unsigned long long)ms);
	result_evidence(r, "random_source", "%s", platform_random_source());
}

void judge_ek_activation(const struct engine *e, struct check_result *out)
{
	if (judge_no_entropy(out, "the session nonces and the credential"))
		return;
	struct activation a = { .ek = e->ek_key.handle, .ek_public = &e->ek_key.pub, .kind = e->opt->activation_key };
	engine_say(e, a.kind == AK_RSA_2048 ? "creating an RSA attestation key as Windows does; real TPMs may take up to "
					      "a minute" : "creating an ECC attestation key");
	uint64_t started = platform_ms();
	bool same = false;
	TSS2_RC rc = create_and_load_ak(e->sys, &a);
	if (rc == TSS2_RC_SUCCESS)
		rc = activate(e->sys, &a, &same);
	if (a.ak_loaded)
		Tss2_Sys_FlushContext(e->sys, a.ak);
	judge_outcome(e, &a, rc, same, platform_ms() - started, out);
	evidence_transport_code(e, rc, out); /* the flushes above keep it: a success does not clear it */
}
