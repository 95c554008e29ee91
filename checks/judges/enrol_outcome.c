/* enrol_outcome.c - an AIK enrolment's outcome as aik.enrolment's status and reason (enrol_outcome.h). */
#include "checks/judges/enrol_outcome.h"
#include "checks/tpm/tpm_rc.h"
#include "checks/x509/cert_time.h"
#include <stdio.h>

void enrol_tpm_failure(TSS2_RC rc, const char *step, struct check_result *r)
{
	char words[160];
	tpm_rc_describe(rc, words, sizeof(words));
	if (tpm_rc_is_warning(rc))
		outcome_set(r, CHECK_ERROR, "tpm-busy", "The TPM could not run %s now", step);
	else if ((rc & TSS2_RC_LAYER_MASK) == TSS2_TPM_RC_LAYER)
		outcome_set(r, CHECK_FAIL, "tpm-refused", "The TPM refused %s", step);
	else
		outcome_set(r, CHECK_ERROR, "tpm-incomplete", "The enrolment stopped at %s before the TPM answered", step);
	result_details(r, "%s", words);
}

/* The service's refusals of this TPM, its other answers, and the tool's side: one row per state. */
static const struct {
	enum check_status status;
	const char *reason;
	const char *summary;
} rows[AIK_ENROL_STATE_COUNT] = {
	[AIK_ENROL_ISSUED] = { CHECK_PASS, NULL, "Microsoft issued an AIK certificate for this TPM" },
	[AIK_ENROL_AUTHORITY_UNKNOWN] = { CHECK_FAIL, "authority-unknown",
		"Microsoft's AIK service says the authority for this TPM does not exist" },
	[AIK_ENROL_EK_REJECTED] = { CHECK_FAIL, "ek-rejected", "Microsoft's AIK service rejected the EK certificate" },
	[AIK_ENROL_ATTESTATION_REJECTED] = { CHECK_FAIL, "attestation-rejected",
		"Microsoft's AIK service rejected the TPM's attestation statement (\"TPM firmware needs update\")" },
	/* the messages are reconstructed (docs/aik-enrolment.md): a refusal that names no fault of this TPM, or a
	 * certificate that does not verify, may be the tool's; neither may make a good unit NOT READY */
	[AIK_ENROL_REQUEST_REJECTED] = { CHECK_WARN, "request-rejected",
		"Microsoft's AIK service refused the tool's request without naming this TPM" },
	/* the TPM's ActivateCredential succeeded, so its integrity check passed (Part 1, 24.5): the TPM answered right */
	[AIK_ENROL_CHALLENGE_REJECTED] = { CHECK_WARN, "challenge-rejected",
		"Microsoft's AIK service refused the answer to its challenge that the TPM unwrapped" },
	[AIK_ENROL_RATE_LIMITED] = { CHECK_WARN, "rate-limited",
		"Microsoft's AIK service asked the tool to wait (HTTP 429): not retried" },
	[AIK_ENROL_SERVICE_ERROR] = { CHECK_WARN, "service-error", "Microsoft's AIK service failed to answer the enrolment" },
	[AIK_ENROL_UNREACHABLE] = { CHECK_WARN, "unreachable", "Microsoft's AIK service could not be reached" },
	[AIK_ENROL_ANSWER_UNREADABLE] = { CHECK_WARN, "answer-unreadable",
		"An answer to the enrolment could not be read (cut short or not a SCEP message)" },
	[AIK_ENROL_ANSWER_UNTRUSTED] = { CHECK_WARN, "answer-untrusted",
		"An answer to the enrolment was not signed by the AIK service's RA certificate" },
	[AIK_ENROL_CERT_INVALID] = { CHECK_WARN, "cert-invalid",
		"The AIK certificate Microsoft's AIK service issued does not verify" },
	[AIK_ENROL_ACTIVATION_FAILED] = { CHECK_FAIL, "tpm-refused", "" }, /* by the TPM's code: enrol_tpm_failure */
	[AIK_ENROL_NO_RA_CERT] = { CHECK_WARN, "no-ra-certificate",
		"Microsoft's AIK service presented no usable RA certificates to enrol with" },
	[AIK_ENROL_LOCAL_ERROR] = { CHECK_ERROR, "local-error", "The enrolment stopped on the tool's side" },
};

static void certificate_evidence(const struct aik_enrol_outcome *o, struct check_result *r)
{
	char from[32], to[32];
	format_unix_iso(from, sizeof(from), o->not_before);
	format_unix_iso(to, sizeof(to), o->not_after);
	result_evidence(r, "aik_cert_serial", "%s", o->serial);
	result_evidence(r, "aik_cert_issuer", "%s", o->issuer);
	result_evidence(r, "aik_cert_validity", "%s to %s", from, to);
	result_evidence(r, "aik_cert_sha256", "%s", o->cert_sha256);
	if (o->answer_without_scep_attributes) /* docs/aik-enrolment.md, "What is inferred" 5 */
		result_evidence(r, "answer_without_scep_attributes", "the certificate's answer carried no SCEP attributes; "
				"the AIK key it certifies binds it to this run");
}

static void answer_evidence(const struct aik_enrol_outcome *o, struct check_result *r)
{
	if (o->http_status)
		result_evidence(r, "http_status", "%d", o->http_status);
	if (o->service_message[0])
		result_evidence(r, "service_message", "%s", o->service_message);
	if (o->retry_after_s >= 0)
		result_evidence(r, "retry_after_s", "%ld", o->retry_after_s);
	if (o->pki_status >= 0 && o->fail_info >= 0)
		result_evidence(r, "scep_pki_status", "%d, failInfo %d", o->pki_status, o->fail_info);
	else if (o->pki_status >= 0)
		result_evidence(r, "scep_pki_status", "%d", o->pki_status);
	if (o->failure_code[0])
		result_evidence(r, "failure_code", "%s", o->failure_code);
}

void enrol_outcome_judge(const struct aik_enrol_outcome *o, struct check_result *r)
{
	enum aik_enrol_state s = (unsigned)o->state < AIK_ENROL_STATE_COUNT ? o->state : AIK_ENROL_LOCAL_ERROR;
	if (s == AIK_ENROL_ACTIVATION_FAILED)
		enrol_tpm_failure(o->tpm_rc, "TPM2_ActivateCredential of the service's challenge", r);
	else if (s == AIK_ENROL_ISSUED)
		outcome_set(r, CHECK_PASS, NULL, "%s (serial %s)", rows[s].summary, o->serial);
	else
		outcome_set(r, rows[s].status, rows[s].reason, "%s", rows[s].summary);
	if (s == AIK_ENROL_RATE_LIMITED && o->retry_after_s >= 0)
		result_details(r, "Retry-After: %ld s. %s", o->retry_after_s, o->problem);
	else if (s != AIK_ENROL_ISSUED && s != AIK_ENROL_ACTIVATION_FAILED && o->problem[0])
		result_details(r, "%s", o->problem);
	if (s == AIK_ENROL_ISSUED)
		certificate_evidence(o, r);
	result_evidence(r, "enrol_state", "%s", aik_enrol_state_name(s));
	answer_evidence(o, r);
	result_evidence(r, "round_trips", "%d (POSTs; never retried)", o->round_trips);
	result_evidence(r, "bytes", "%zu sent, %zu received", o->request_bytes, o->answer_bytes);
	if (o->transaction_id[0])
		result_evidence(r, "transaction_id", "%s", o->transaction_id);
}
