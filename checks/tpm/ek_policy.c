/* ek_policy.c - the EK's policy session and TPM2_ActivateCredential with it (ek_policy.h). */
#include "checks/tpm/ek_policy.h"
#include "checks/tpm/tpm_handles.h"
#include "boot/platform.h"
#include <stdio.h>

static const TSS2L_SYS_AUTH_COMMAND password = { .count = 1, .auths = { { .sessionHandle = TPM2_RS_PW } } };

void tpm_step_set(struct tpm_step *s, const char *command, const char *purpose)
{
	snprintf(s->text, sizeof(s->text), "%s%s%s", command, purpose[0] ? " for " : "", purpose);
}

TSS2_RC ek_policy_session(TSS2_SYS_CONTEXT *sys, TPMI_SH_AUTH_SESSION *session, struct tpm_step *step,
			  const char *purpose)
{
	TPM2B_NONCE caller = { .size = 32 }, tpm_nonce = { .size = 0 }, empty_nonce = { .size = 0 };
	TPM2B_ENCRYPTED_SECRET salt = { .size = 0 };
	TPMT_SYM_DEF sym = { .algorithm = TPM2_ALG_NULL };
	TPM2B_DIGEST cp_hash = { .size = 0 };
	TPM2B_TIMEOUT timeout = { .size = 0 };
	TPMT_TK_AUTH ticket;
	struct tpm_handles before;
	if (platform_random(caller.buffer, caller.size) != 0)
		return TSS2_SYS_RC_GENERAL_FAILURE;
	tpm_handles_note(sys, &before);
	tpm_step_set(step, "TPM2_StartAuthSession (policy)", purpose);
	TSS2_RC rc = Tss2_Sys_StartAuthSession(sys, TPM2_RH_NULL, TPM2_RH_NULL, NULL, &caller, &salt, TPM2_SE_POLICY, &sym,
					       TPM2_ALG_SHA256, session, &tpm_nonce, NULL);
	if (rc != TSS2_RC_SUCCESS) {
		tpm_handles_flush_new(sys, &before, rc); /* a session started for a lost answer */
		return rc;
	}
	tpm_step_set(step, "TPM2_PolicySecret(endorsement)", purpose);
	rc = Tss2_Sys_PolicySecret(sys, TPM2_RH_ENDORSEMENT, *session, &password, &empty_nonce, &cp_hash, &empty_nonce, 0,
				   &timeout, &ticket, NULL);
	if (rc != TSS2_RC_SUCCESS)
		Tss2_Sys_FlushContext(sys, *session);
	return rc;
}

TSS2L_SYS_AUTH_COMMAND ek_policy_auth(TPMI_SH_AUTH_SESSION session)
{
	TSS2L_SYS_AUTH_COMMAND a = { .count = 1 };
	a.auths[0].sessionHandle = session;
	return a;
}

TSS2_RC ek_policy_release(TSS2_SYS_CONTEXT *sys, TPMI_SH_AUTH_SESSION session, TSS2_RC rc)
{
	if (rc != TSS2_RC_SUCCESS)
		Tss2_Sys_FlushContext(sys, session);
	return rc;
}

TSS2_RC ek_activate_credential(TSS2_SYS_CONTEXT *sys, uint32_t key, uint32_t ek, const TPM2B_ID_OBJECT *blob,
			       const TPM2B_ENCRYPTED_SECRET *secret, TPM2B_DIGEST *recovered, struct tpm_step *step)
{
	TPMI_SH_AUTH_SESSION session;
	TSS2_RC rc = ek_policy_session(sys, &session, step, "TPM2_ActivateCredential");
	if (rc != TSS2_RC_SUCCESS)
		return rc;
	TSS2L_SYS_AUTH_COMMAND auth = { .count = 2 };
	auth.auths[0].sessionHandle = TPM2_RS_PW; /* the key: ADMIN role with its empty authValue */
	auth.auths[1].sessionHandle = session;    /* the EK: USER role through its policy */
	tpm_step_set(step, "TPM2_ActivateCredential", "");
	recovered->size = 0;
	rc = Tss2_Sys_ActivateCredential(sys, key, ek, &auth, blob, secret, recovered, NULL);
	return ek_policy_release(sys, session, rc);
}
