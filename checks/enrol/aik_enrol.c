/*
 * aik_enrol.c - the enrolment's round trips (see aik_enrol.h, and
 * docs/aik-enrolment.md for each message): GetCACertChain, the PKCSReq, the
 * challenge through the TPM, the ClaimChallengeAnswer, the certificate. Each
 * answer is judged once and ends the run with a state when it is not the one
 * expected; nothing is ever sent twice.
 */
#include "checks/enrol/aik_enrol_keyed.h"
#include "checks/ekcert/aik_service_chain.h"
#include "checks/enrol/aik_key.h"
#include "checks/enrol/aik_csr.h"
#include "checks/enrol/certrep.h"
#include "checks/enrol/ek_challenge.h"
#include "checks/enrol/enrol_oids.h"
#include "checks/enrol/issued_cert.h"
#include "checks/enrol/kast.h"
#include "checks/enrol/scep_client.h"
#include "checks/enrol/service_answer.h"
#include <mbedtls/platform_util.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PKI_MESSAGE "application/x-pki-message" /* RFC 8894 4.3 */

struct run {
	const struct aik_enrol_target *target;
	const struct aik_enrol_tpm *tpm;
	const struct aik_enrol_identity *id;
	const struct aik_enrol_io *io;
	struct aik_enrol_outcome *out;
	struct enrol_rng rng;
	struct http_result chain_answer; /* kept: the RA certificates point into it */
	struct scep_certs certs;
	struct aik_chain_result *chain;
	struct cert_facts ra_sign, ra_enc;
	int aik_ca, root;
	struct scep_client client;
	uint8_t nonce[SCEP_NONCE_LEN];
};

const char *aik_enrol_state_name(enum aik_enrol_state s)
{
	static const char *names[] = { "issued", "authority-unknown", "ek-rejected", "attestation-rejected",
				       "request-rejected", "challenge-rejected", "rate-limited", "service-error",
				       "unreachable", "answer-unreadable", "answer-untrusted", "cert-invalid",
				       "activation-failed", "no-ra-cert", "local-error" };
	return s < AIK_ENROL_STATE_COUNT ? names[s] : "unknown";
}

static bool fail(struct run *r, enum aik_enrol_state s, const char *what, const char *why)
{
	r->out->state = s;
	snprintf(r->out->problem, sizeof(r->out->problem), "%s%s%.200s", what, why ? ": " : "", why ? why : "");
	return false;
}

static void say(struct run *r, const char *text)
{
	if (r->io->say)
		r->io->say(r->io->ctx, text);
}

/* The RA certificates and the anchors of the issued certificate, from a chain aik_chain_verify accepted. */
static bool pick_certs(struct run *r)
{
	int sign = -1, enc = -1;
	const char *why;
	r->root = -1;
	for (size_t i = 0; i < r->chain->count; i++) {
		enum aik_cert_role role = r->chain->cert[i].role;
		if ((role == AIK_CERT_RA_SIGNING || role == AIK_CERT_RA) && sign < 0)
			sign = (int)i;
		if ((role == AIK_CERT_RA_ENCRYPTION || role == AIK_CERT_RA) && enc < 0)
			enc = (int)i;
		if (role == AIK_CERT_ROOT && r->chain->cert[i].verified && r->root < 0)
			r->root = (int)i;
	}
	r->aik_ca = r->chain->aik_ca;
	if (sign < 0 || enc < 0)
		return fail(r, AIK_ENROL_NO_RA_CERT, "GetCACertChain", sign < 0 ? "no RA signing certificate (digitalSignature)"
			    : "no RA encryption certificate (keyEncipherment)");
	if (r->aik_ca < 0 || r->root < 0)
		return fail(r, AIK_ENROL_ANSWER_UNTRUSTED, "GetCACertChain", "no AIK CA, or no Microsoft TPM root");
	if (cert_facts_parse(r->certs.cert[sign].p, r->certs.cert[sign].len, &r->ra_sign, &why) != 0 ||
	    cert_facts_parse(r->certs.cert[enc].p, r->certs.cert[enc].len, &r->ra_enc, &why) != 0)
		return fail(r, AIK_ENROL_ANSWER_UNREADABLE, "GetCACertChain: an RA certificate", why);
	return true;
}

static bool fetch_chain(struct run *r)
{
	char url[1100];
	const char *why;
	snprintf(url, sizeof(url), "%s?operation=GetCACertChain&message=default", r->target->scep_url);
	int rc = r->io->get(r->io->ctx, url, &r->chain_answer);
	if (!service_answer(rc, &r->chain_answer, STEP_CA_CHAIN, r->io->now, r->out))
		return false;
	if (!(r->chain = malloc(sizeof(*r->chain))))
		return fail(r, AIK_ENROL_LOCAL_ERROR, "out of memory", NULL);
	aik_chain_verify(r->chain_answer.body, r->chain_answer.body_len, r->target->store, r->target->id, r->io->now, r->chain);
	switch (r->chain->state) {
	case AIK_CHAIN_UNPARSEABLE:
		return fail(r, AIK_ENROL_ANSWER_UNREADABLE, "GetCACertChain", r->chain->problem);
	case AIK_CHAIN_EMPTY:
	case AIK_CHAIN_INCOMPLETE:
		return fail(r, AIK_ENROL_NO_RA_CERT, "GetCACertChain", r->chain->problem);
	case AIK_CHAIN_UNTRUSTED:
	case AIK_CHAIN_CA_DIFFERS:
		return fail(r, AIK_ENROL_ANSWER_UNTRUSTED, "GetCACertChain", r->chain->problem);
	default: /* verified; out of date or an RA certificate unverified: the issued certificate is verified itself */
		break;
	}
	if (scep_certs_parse(r->chain_answer.body, r->chain_answer.body_len, &r->certs, &why) != 0)
		return fail(r, AIK_ENROL_ANSWER_UNREADABLE, "GetCACertChain", why);
	return pick_certs(r);
}

static bool make_client(struct run *r, const uint8_t *key, size_t key_len)
{
	const char *why = "the key cannot be made";
	int rc;
	if (key)
		rc = scep_client_use_key(&r->client, key, key_len, &r->rng);
	else {
		say(r, "Making the enrolment's SCEP key (RSA-2048; this can take a while)");
		rc = scep_client_make_key(&r->client, &r->rng);
	}
	if (rc == 0 && scep_client_certify(&r->client, r->io->now, &r->rng, &why) == 0) {
		snprintf(r->out->transaction_id, sizeof(r->out->transaction_id), "%s", r->client.transaction_id);
		return true;
	}
	return fail(r, AIK_ENROL_LOCAL_ERROR, "the SCEP protocol key or certificate",
		    r->rng.failures ? "no random numbers" : why);
}

/* The PKCS#10's plaintext parts, then the request itself (aik_csr.h). */
static uint8_t *build_csr(struct run *r, size_t *len)
{
	struct cert_facts ek;
	struct aik_csr_input in;
	const char *why = NULL;
	uint8_t *spki = NULL, *kast = NULL, *info = NULL, *ek_info = NULL, *csr = NULL;
	size_t info_len = 0;
	char user[80];
	memset(&in, 0, sizeof(in));
	if (cert_facts_parse(r->id->ek_cert, r->id->ek_cert_len, &ek, &why) != 0)
		fail(r, AIK_ENROL_LOCAL_ERROR, "the EK certificate cannot be read", why);
	else if (!ek.has_san)
		fail(r, AIK_ENROL_LOCAL_ERROR, "the EK certificate has no subjectAltName (TPM manufacturer, model, version) "
		     "to copy into the request", NULL);
	else if (!(spki = aik_spki(&r->tpm->aik_public, &in.spki_len)))
		fail(r, AIK_ENROL_LOCAL_ERROR, "the AIK is not an RSA key", NULL);
	else if (!(kast = kast_build(r->tpm, &in.kast_len, &why)))
		fail(r, AIK_ENROL_LOCAL_ERROR, "the attestation statement", why);
	else if (!(info = aik_ek_info(&ek, &info_len)) ||
		 !(ek_info = cms_envelope(&r->ra_enc, info, info_len, &r->rng, &in.ek_info_len, &why)))
		fail(r, AIK_ENROL_LOCAL_ERROR, "the EK info for the RA", why ? why : "out of memory");
	else if (enrol_rng_fill(&r->rng, in.ski, sizeof(in.ski)) != 0)
		fail(r, AIK_ENROL_LOCAL_ERROR, "no random numbers", NULL);
	else {
		/* ClientInfo's user as Windows' machine account outside a domain (akscep client.go) */
		snprintf(user, sizeof(user), "WORKGROUP\\%.40s$", r->id->machine_name);
		in.san = ek.san, in.spki = spki, in.kast = kast, in.ek_info = ek_info;
		in.os_version = r->id->os_version, in.machine_name = r->id->machine_name, in.user_name = user;
		memcpy(in.scep_signer_hash, r->client.signer_hash, sizeof(in.scep_signer_hash));
		if (!(csr = aik_csr_build(&in, len)))
			fail(r, AIK_ENROL_LOCAL_ERROR, "out of memory", NULL);
	}
	free(spki);
	free(kast);
	free(info);
	free(ek_info);
	return csr;
}

/* Envelopes plain to the RA encryption certificate, signs it as `type` with a new senderNonce and POSTs it. */
static bool post(struct run *r, const char *type, const uint8_t *plain, size_t plain_len, enum enrol_step step,
		 struct http_result *answer)
{
	const char *why = NULL;
	size_t env_len = 0, msg_len = 0;
	uint8_t *env = NULL, *msg = NULL;
	struct scep_message m;
	memset(&m, 0, sizeof(m));
	if (enrol_rng_fill(&r->rng, r->nonce, sizeof(r->nonce)) != 0)
		return fail(r, AIK_ENROL_LOCAL_ERROR, "no random numbers", NULL);
	if ((env = cms_envelope(&r->ra_enc, plain, plain_len, &r->rng, &env_len, &why))) {
		m.message_type = type, m.transaction_id = r->client.transaction_id, m.sender_nonce = r->nonce;
		m.content = env, m.content_len = env_len, m.signer = &r->client.facts, m.key = &r->client.key;
		if (step == STEP_PKCS_REQ) /* Windows adds the EK's intermediates (akscep.go, AdditionalEKCerts) */
			m.extra_certs = r->id->ek_chain, m.extra_len = r->id->ek_chain_len, m.extra_count = r->id->ek_chain_count;
		msg = scep_sign(&m, &r->rng, &msg_len, &why);
	}
	free(env);
	if (!msg)
		return fail(r, AIK_ENROL_LOCAL_ERROR, "the request cannot be written", why);
	char url[1100];
	snprintf(url, sizeof(url), "%s?operation=PKIOperation", r->target->scep_url);
	r->out->round_trips++;
	r->out->request_bytes += msg_len;
	int rc = r->io->post(r->io->ctx, url, PKI_MESSAGE, msg, msg_len, answer);
	free(msg);
	return service_answer(rc, answer, step, r->io->now, r->out);
}

/* The CertRep's verdict and, when it carries one, its decrypted content (malloc'd, wiped by the caller). */
static bool read_answer(struct run *r, const struct http_result *answer, enum enrol_step step, uint8_t **plain,
			size_t *plain_len)
{
	struct certrep rep;
	char why[160];
	const char *text = NULL;
	enum certrep_fault f = certrep_read(answer->body, answer->body_len, &r->ra_sign, r->client.transaction_id, r->nonce,
					    &rep, why, sizeof(why));
	const char *what = step == STEP_CLAIM ? "the answer to the ClaimChallengeAnswer" : "the answer to the PKCSReq";
	if (f != CERTREP_OK)
		return fail(r, f == CERTREP_UNTRUSTED ? AIK_ENROL_ANSWER_UNTRUSTED : AIK_ENROL_ANSWER_UNREADABLE, what, why);
	r->out->pki_status = rep.pki_status;
	r->out->fail_info = rep.fail_info;
	if (rep.without_scep_attributes) {
		/* Only the certificate may come so (docs/aik-enrolment.md, "What is inferred"): what binds it to this run is
		 * then the AIK's own public key in it, which take_certificate requires. */
		if (step != STEP_CLAIM)
			return fail(r, AIK_ENROL_ANSWER_UNREADABLE, what, "it carries no SCEP attribute (messageType, pkiStatus, "
				    "transactionID, nonces)");
		r->out->answer_without_scep_attributes = true;
		rep.pki_status = SCEP_SUCCESS;
	}
	if (rep.pki_status == SCEP_FAILURE) {
		snprintf(why, sizeof(why), "SCEP FAILURE, failInfo %d", rep.fail_info);
		return fail(r, step == STEP_CLAIM ? AIK_ENROL_CHALLENGE_REJECTED : AIK_ENROL_REQUEST_REJECTED, what, why);
	}
	bool expected = rep.pki_status == SCEP_SUCCESS || (step == STEP_PKCS_REQ && rep.pki_status == SCEP_PENDING_CHALLENGE);
	if (!expected) {
		snprintf(why, sizeof(why), "pkiStatus %d (%s)", rep.pki_status,
			 rep.pki_status == SCEP_PENDING ? "PENDING: the tool does not poll" : "not expected here");
		return fail(r, AIK_ENROL_SERVICE_ERROR, what, why);
	}
	if (!rep.has_content)
		return fail(r, AIK_ENROL_ANSWER_UNREADABLE, what, "it carries no content");
	*plain = cms_open_envelope(rep.content.p, rep.content.len, &r->client.facts, &r->client.key, &r->rng, plain_len, &text);
	return *plain ? true : fail(r, AIK_ENROL_ANSWER_UNREADABLE, what, text);
}

static void wipe_free(uint8_t *p, size_t len)
{
	if (p)
		mbedtls_platform_zeroize(p, len);
	free(p);
}

/* The challenge through the TPM, the answer POSTed; the second CertRep's content on success. */
static bool answer_challenge(struct run *r, const uint8_t *challenge, size_t len, uint8_t **plain, size_t *plain_len)
{
	struct ek_challenge c;
	TPM2B_DIGEST recovered;
	struct http_result answer;
	const char *why;
	char tpm_why[160] = "";
	size_t claim_len = 0;
	memset(&answer, 0, sizeof(answer));
	memset(&recovered, 0, sizeof(recovered));
	if (ek_challenge_read(challenge, len, &c, &why) != 0)
		return fail(r, AIK_ENROL_ANSWER_UNREADABLE, "the challenge", why);
	say(r, "Answering the AIK service's challenge with the TPM (ActivateCredential)");
	if (r->io->activate(r->io->ctx, &c.credential, &c.secret, &recovered, &r->out->tpm_rc, tpm_why, sizeof(tpm_why)) != 0)
		return fail(r, AIK_ENROL_ACTIVATION_FAILED, "TPM2_ActivateCredential", tpm_why[0] ? tpm_why : "failed");
	uint8_t *claim = ek_challenge_answer(&recovered, &c.server_context, &r->ra_enc, &r->rng, &claim_len, &why);
	mbedtls_platform_zeroize(&recovered, sizeof(recovered));
	if (!claim)
		return fail(r, AIK_ENROL_LOCAL_ERROR, "the ClaimChallengeAnswer", why);
	bool ok = post(r, SCEP_CLAIM_CHALLENGE_ANSWER, claim, claim_len, STEP_CLAIM, &answer) &&
		  read_answer(r, &answer, STEP_CLAIM, plain, plain_len);
	wipe_free(claim, claim_len);
	http_result_free(&answer);
	return ok;
}

static void take_certificate(struct run *r, const uint8_t *content, size_t len)
{
	struct issued_cert cert;
	char why[AIK_ENROL_TEXT_MAX];
	struct issued_anchors a = { r->certs.cert[r->aik_ca].p, r->certs.cert[r->root].p, r->certs.cert[r->aik_ca].len,
				    r->certs.cert[r->root].len };
	enum issued_fault f = issued_cert_check(content, len, &a, &r->tpm->aik_public, r->io->now, &cert, why, sizeof(why));
	snprintf(r->out->serial, sizeof(r->out->serial), "%s", cert.serial);
	snprintf(r->out->issuer, sizeof(r->out->issuer), "%s", cert.issuer);
	snprintf(r->out->cert_sha256, sizeof(r->out->cert_sha256), "%s", cert.sha256);
	r->out->not_before = cert.not_before;
	r->out->not_after = cert.not_after;
	if (f == ISSUED_OK)
		r->out->state = AIK_ENROL_ISSUED;
	else
		fail(r, f == ISSUED_UNREADABLE ? AIK_ENROL_ANSWER_UNREADABLE : AIK_ENROL_CERT_INVALID, why, NULL);
}

static void enrol(struct run *r, const uint8_t *key, size_t key_len)
{
	struct http_result answer;
	uint8_t *csr = NULL, *first = NULL, *last = NULL;
	size_t csr_len = 0, first_len = 0, last_len = 0;
	memset(&answer, 0, sizeof(answer));
	if (!fetch_chain(r) || !make_client(r, key, key_len) || !(csr = build_csr(r, &csr_len)))
		return;
	bool ok = post(r, SCEP_PKCS_REQ, csr, csr_len, STEP_PKCS_REQ, &answer) &&
		  read_answer(r, &answer, STEP_PKCS_REQ, &first, &first_len);
	free(csr);
	http_result_free(&answer);
	if (ok && r->out->pki_status == SCEP_SUCCESS) /* a certificate without a challenge */
		take_certificate(r, first, first_len);
	else if (ok && answer_challenge(r, first, first_len, &last, &last_len))
		take_certificate(r, last, last_len);
	wipe_free(first, first_len);
	wipe_free(last, last_len);
}

int aik_enrol_run_keyed(const struct aik_enrol_target *target, const struct aik_enrol_tpm *tpm,
			const struct aik_enrol_identity *id, const struct aik_enrol_io *io, const uint8_t *client_key,
			size_t client_key_len, struct aik_enrol_outcome *out)
{
	memset(out, 0, sizeof(*out));
	out->state = AIK_ENROL_LOCAL_ERROR;
	out->retry_after_s = -1;
	out->pki_status = out->fail_info = -1;
	if (!target || !target->scep_url || !target->id || !tpm || !id || !id->ek_cert || !io || !io->get || !io->post ||
	    !io->activate || !io->random || !id->os_version || !id->machine_name ||
	    strlen(target->scep_url) > 1000 || (id->ek_chain_count && (!id->ek_chain || !id->ek_chain_len))) {
		snprintf(out->problem, sizeof(out->problem), "the enrolment was called without what it needs");
		return -1;
	}
	struct run r;
	memset(&r, 0, sizeof(r));
	r.target = target, r.tpm = tpm, r.id = id, r.io = io, r.out = out;
	r.rng.random = io->random;
	scep_client_init(&r.client);
	enrol(&r, client_key, client_key_len);
	scep_client_free(&r.client);
	http_result_free(&r.chain_answer);
	free(r.chain);
	return 0;
}

int aik_enrol_run(const struct aik_enrol_target *target, const struct aik_enrol_tpm *tpm,
		  const struct aik_enrol_identity *id, const struct aik_enrol_io *io, struct aik_enrol_outcome *out)
{
	return aik_enrol_run_keyed(target, tpm, id, io, NULL, 0, out);
}
