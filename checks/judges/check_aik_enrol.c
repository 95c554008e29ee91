/*
 * check_aik_enrol.c - aik.enrolment, opt-in (aik_enrol = on; --enrol-aik on
 * Linux): the AIK enrolment Windows runs at "Securing your hardware"
 * (certreq -enrollaik), played for real against Microsoft's AIK service, so
 * that a PASS means Microsoft issued an AIK certificate for this TPM, not that
 * it would. This file makes the AIK (enrol_aik_key.c), hands the messages to
 * checks/enrol/aik_enrol.h with the network and the TPM as callbacks, and
 * judges the outcome (enrol_outcome.c). One enrolment per run, never retried:
 * the service spends about 11 RSA private operations on each. The AIK is
 * transient and flushed on every path; nothing is made persistent.
 * docs/network.md ("The AIK enrolment") lists what leaves the unit.
 */
#include "checks/engine/engine_internal.h"
#include "checks/judges/enrol_aik_key.h"
#include "checks/judges/enrol_outcome.h"
#include "checks/judges/enrol_request.h"
#include "checks/judges/judge_entropy.h"
#include "checks/tpm/tpm_rc.h"
#include "boot/platform.h"
#include <stdio.h>
#include <string.h>

struct enrol_run {
	const struct engine *e;
	struct enrol_key key;
};

static int get(void *ctx, const char *url, struct http_result *out)
{
	const struct engine *e = ((struct enrol_run *)ctx)->e;
	return e->opt->fetch(url, &e->opt->http, out);
}

static int post(void *ctx, const char *url, const char *content_type, const uint8_t *body, size_t len,
		struct http_result *out)
{
	const struct engine *e = ((struct enrol_run *)ctx)->e;
	const struct http_body b = { "POST", content_type, body, len, NULL };
	return e->opt->send(url, &e->opt->http, &b, out);
}

/* The service's challenge: TPM2_ActivateCredential with the AIK and the run's EK (ek_policy.h). */
static int activate(void *ctx, const TPM2B_ID_OBJECT *credential, const TPM2B_ENCRYPTED_SECRET *secret,
		    TPM2B_DIGEST *recovered, uint32_t *tpm_rc, char *why, size_t why_cap)
{
	struct enrol_run *run = ctx;
	TSS2_RC rc = ek_activate_credential(run->e->sys, run->key.handle, run->e->ek_key.handle, credential, secret,
					    recovered, &run->key.step);
	*tpm_rc = rc;
	if (rc == TSS2_RC_SUCCESS)
		return 0;
	char words[160];
	tpm_rc_describe(rc, words, sizeof(words));
	snprintf(why, why_cap, "%s: %s", run->key.step.text, words);
	return -1;
}

static int random_bytes(uint8_t *out, size_t len)
{
	return platform_random(out, len);
}

static void say(void *ctx, const char *progress)
{
	engine_say(((struct enrol_run *)ctx)->e, progress);
}

/* The check's gate in the table (check_descriptor.wanted): without aik_enrol = on nothing is gathered or made. */
bool aik_enrol_wanted(const struct engine_options *o, struct check_result *r)
{
	if (o->aik_enrol)
		return true;
	outcome_set(r, CHECK_SKIP, "not-opted-in", "Not run: the AIK enrolment is opt-in (aik_enrol = on in "
		    "preflight.conf, or --enrol-aik on Linux)");
	result_details(r, "It sends this TPM's EK certificate and a new attestation key to Microsoft's AIK service, as "
		       "Windows does at \"Securing your hardware\" (docs/network.md).");
	return false;
}

static void key_evidence(const struct enrol_run *run, struct check_result *r)
{
	result_evidence(r, "aik_parent", "%s: %s", enrol_parent_words(run->key.parent), run->key.parent_why);
	if (run->key.create_sent)
		result_evidence(r, "key_creation_ms", "%llu", (unsigned long long)run->key.create_ms);
}

/* The enrolment proper, once the AIK is made and certified; returns the TPM's code when the challenge failed. */
static TSS2_RC enrol(const struct engine *e, struct enrol_run *run, struct check_result *out)
{
	struct enrol_request req;
	enrol_request_fill(e, &req);
	const struct aik_enrol_io io = { run, get, post, activate, random_bytes, say, e->now };
	const struct aik_enrol_target target = { e->rsa_ek->v.aik.url, &e->rsa_ek->v.aik.id, e->opt->store };
	struct aik_enrol_outcome o;
	engine_say(e, "enrolling with Microsoft's AIK service");
	if (aik_enrol_run(&target, &run->key.made, &req.identity, &io, &o) != 0) {
		memset(&o, 0, sizeof(o));
		o.state = AIK_ENROL_LOCAL_ERROR;
		o.pki_status = o.fail_info = -1;
		o.retry_after_s = -1;
		snprintf(o.problem, sizeof(o.problem), "the enrolment did not say how it ended");
	}
	enrol_outcome_judge(&o, out);
	enrol_request_evidence(&req, o.request_bytes, out);
	return o.state == AIK_ENROL_ACTIVATION_FAILED ? o.tpm_rc : TSS2_RC_SUCCESS;
}

void judge_aik_enrol(const struct engine *e, struct check_result *out)
{
	if (!e->opt->send) { /* online (the table's FACT_ONLINE), but a front end without POST */
		outcome_set(out, CHECK_SKIP, "offline", "Skipped: this front end cannot send a request");
		return;
	}
	if (judge_no_entropy(out, "the AIK's unique, the session nonces and the SCEP key"))
		return;
	struct enrol_run run = { .e = e };
	if (enrol_parent_choose(e->sys, e->permanent, e->startup_clear, &run.key) == ENROL_PARENT_NONE) {
		outcome_set(out, CHECK_SKIP, "no-aik-parent", "Skipped: no parent for the AIK without a password: %s",
			    run.key.parent_why);
		return;
	}
	engine_say(e, "creating the AIK as Windows does (RSA-2048 key generation, up to a minute)");
	TSS2_RC rc = enrol_key_make(e->sys, &run.key);
	if (enrol_key_needs_password(&run.key, rc))
		outcome_set(out, CHECK_SKIP, "no-aik-parent", "Skipped: the storage root key 0x81000001 has a password, "
			    "and the owner authorisation is set");
	else if (rc != TSS2_RC_SUCCESS)
		enrol_tpm_failure(rc, run.key.step.text, out);
	else
		rc = enrol(e, &run, out);
	enrol_key_release(e->sys, &run.key);
	key_evidence(&run, out);
	result_evidence(out, "url", "%s", e->rsa_ek->v.aik.url);
	evidence_transport_code(e, rc, out); /* the TPM's side of a failure; the network's is the outcome's failure_code */
}
