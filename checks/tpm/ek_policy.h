/*
 * ek_policy.h - using the RSA EK as a key: its authPolicy is
 * PolicySecret(TPM_RH_ENDORSEMENT) (TCG EK Credential Profile 2.2, B.3.3), so
 * each command that uses it needs a fresh policy session satisfied that way.
 * Shared by the credential activation self-test (ek.activation) and the AIK
 * enrolment (aik.enrolment), which both make the TPM unwrap a credential with
 * TPM2_ActivateCredential (TPM 2.0 Library Part 3, 12.5).
 */
#ifndef PREFLIGHT_EK_POLICY_H
#define PREFLIGHT_EK_POLICY_H
#include <stddef.h>
#include <tss2/tss2_sys.h>

/* The command in progress, for the report: "TPM2_PolicySecret(endorsement) for TPM2_Load". */
struct tpm_step {
	char text[96];
};
void tpm_step_set(struct tpm_step *s, const char *command, const char *purpose);

/* Starts a policy session and satisfies it with PolicySecret(TPM_RH_ENDORSEMENT) (empty endorsement
 * authorisation), to authorise `purpose`. A session the TPM made for a lost answer, or one PolicySecret refused,
 * is flushed here. */
TSS2_RC ek_policy_session(TSS2_SYS_CONTEXT *sys, TPMI_SH_AUTH_SESSION *session, struct tpm_step *step,
			  const char *purpose);
/* An authorisation that uses the policy session once (continueSession clear: the TPM flushes it when the command
 * succeeds). */
TSS2L_SYS_AUTH_COMMAND ek_policy_auth(TPMI_SH_AUTH_SESSION session);
/* A session the TPM did not consume (the command failed) must be flushed by us; returns rc. */
TSS2_RC ek_policy_release(TSS2_SYS_CONTEXT *sys, TPMI_SH_AUTH_SESSION session, TSS2_RC rc);

/* TPM2_ActivateCredential (Part 3, 12.5): activateHandle `key` in the ADMIN role, which its empty authValue
 * satisfies by password (adminWithPolicy clear), keyHandle the EK in the USER role through its policy. The policy
 * session is flushed on every path. */
TSS2_RC ek_activate_credential(TSS2_SYS_CONTEXT *sys, uint32_t key, uint32_t ek, const TPM2B_ID_OBJECT *blob,
			       const TPM2B_ENCRYPTED_SECRET *secret, TPM2B_DIGEST *recovered, struct tpm_step *step);

#endif
