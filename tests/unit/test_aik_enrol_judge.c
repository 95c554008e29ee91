/*
 * test_aik_enrol_judge.c - aik.enrolment's own work, against the scripted TPM:
 * the AIK's parent (the owner hierarchy while its authorisation is empty, the
 * storage root key at 0x81000001 when it is usable without a password, else
 * none), the AIK made and certified by itself, every transient handle flushed
 * when TPM2_CertifyCreation or TPM2_ActivateCredential fails or an answer is
 * lost, the outcome of each enrolment state mapped to its status and reason,
 * and the check through the engine: skipped unless opted in and online, and
 * the TPM left with nothing loaded.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scripted_tpm.h"
#include "checks/engine/engine.h"
#include "checks/judges/enrol_aik_key.h"
#include "checks/judges/enrol_outcome.h"
#include "checks/report/report.h"
#include "checks/tpm/tpm_ak_template.h"
#include "checks/table/check_table.h"
#include "tpmdrv/tcti_transport.h"

#define SRK_STORAGE (TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN | \
		     TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT)
#define EK_CERT_ATTRIBUTES (TPMA_NV_PPWRITE | TPMA_NV_PPREAD | TPMA_NV_OWNERREAD | TPMA_NV_AUTHREAD | TPMA_NV_NO_DA | \
			    TPMA_NV_PLATFORMCREATE | TPMA_NV_WRITTEN)
#define SH_ENABLED TPMA_STARTUP_CLEAR_SHENABLE

struct tpm_session {
	struct scripted_tpm t;
	TSS2_TCTI_CONTEXT *tcti;
	TSS2_SYS_CONTEXT *sys;
};

static void open_tpm(struct tpm_session *s)
{
	s->tcti = tcti_transport_new(&s->t.base);
	size_t size = Tss2_Sys_GetContextSize(0);
	s->sys = calloc(1, size);
	TSS2_ABI_VERSION abi = TSS2_ABI_VERSION_CURRENT;
	assert_int_equal(Tss2_Sys_Initialize(s->sys, size, s->tcti, &abi), TSS2_RC_SUCCESS);
}

static void close_tpm(struct tpm_session *s)
{
	Tss2_Sys_Finalize(s->sys);
	free(s->sys);
	tcti_transport_free(s->tcti);
}

/* A scripted TPM with an SRK of these attributes at 0x81000001 (0: none), opened, and an empty key to make. */
static void start(struct tpm_session *s, uint32_t srk, struct enrol_key *k)
{
	scripted_init(&s->t);
	s->t.srk_attributes = srk;
	memset(k, 0, sizeof(*k));
}

static const struct scripted_call *last_call(const struct scripted_tpm *t, uint32_t cc)
{
	for (size_t i = t->log_count; i-- > 0;)
		if (t->log[i].cc == cc)
			return &t->log[i];
	return NULL;
}

/* Windows' AIK as the public client that got real certificates makes it: attributes 0x50472 (as Windows' own AIK at
 * 0x81000002 shows them), Windows' AIK authPolicy, RSASSA SHA-1, 20 bytes of unique. */
static void the_aik_template_is_windows_own(void **state)
{
	(void)state;
	static const uint8_t policy_start[4] = { 0x9d, 0xff, 0xcb, 0xf3 }, policy_end[4] = { 0xbf, 0xad, 0x22, 0xae };
	uint8_t unique[WINDOWS_AIK_UNIQUE_LEN];
	memset(unique, 0x5a, sizeof(unique));
	TPM2B_PUBLIC t;
	windows_aik_template(&t, unique);
	const TPMT_PUBLIC *p = &t.publicArea;
	assert_int_equal(p->type, TPM2_ALG_RSA);
	assert_int_equal(p->nameAlg, TPM2_ALG_SHA256);
	assert_int_equal(p->objectAttributes, 0x50472);
	assert_int_equal(p->authPolicy.size, 32);
	assert_memory_equal(p->authPolicy.buffer, policy_start, 4);
	assert_memory_equal(p->authPolicy.buffer + 28, policy_end, 4);
	assert_int_equal(p->parameters.rsaDetail.scheme.scheme, TPM2_ALG_RSASSA);
	assert_int_equal(p->parameters.rsaDetail.scheme.details.rsassa.hashAlg, TPM2_ALG_SHA1);
	assert_int_equal(p->parameters.rsaDetail.keyBits, 2048);
	assert_int_equal(p->unique.rsa.size, WINDOWS_AIK_UNIQUE_LEN);
	assert_memory_equal(p->unique.rsa.buffer, unique, WINDOWS_AIK_UNIQUE_LEN);
}

/* The owner's authorisation is empty: the owner hierarchy, without asking the TPM for its SRK. */
static void owner_hierarchy_when_its_authorisation_is_empty(void **state)
{
	(void)state;
	struct tpm_session s;
	struct enrol_key k;
	start(&s, SRK_STORAGE | TPMA_OBJECT_NODA, &k);
	open_tpm(&s);
	assert_int_equal(enrol_parent_choose(s.sys, 0, SH_ENABLED, &k), ENROL_PARENT_OWNER);
	assert_int_equal(scripted_count(&s.t, TPM2_CC_ReadPublic), 0);
	assert_int_equal(enrol_key_make(s.sys, &k), TSS2_RC_SUCCESS);
	const struct scripted_call *made = last_call(&s.t, TPM2_CC_CreatePrimary);
	assert_non_null(made);
	assert_int_equal(made->handle[0], TPM2_RH_OWNER);
	assert_int_equal(made->key_type, TPM2_ALG_RSA);
	assert_int_equal(scripted_count(&s.t, TPM2_CC_Create), 0);
	const struct scripted_call *certify = last_call(&s.t, TPM2_CC_CertifyCreation);
	assert_non_null(certify); /* the AIK signs its own creation */
	assert_int_equal(certify->handle[0], k.handle);
	assert_int_equal(certify->handle[1], k.handle);
	assert_int_equal(k.made.aik_public.publicArea.type, TPM2_ALG_RSA);
	assert_true(k.made.aik_public.publicArea.objectAttributes & TPMA_OBJECT_RESTRICTED);
	assert_int_equal(k.made.attest.size, 64);
	assert_int_equal(k.made.signature.sigAlg, TPM2_ALG_RSASSA);
	assert_true(k.loaded && scripted_is_loaded(&s.t, k.handle));
	enrol_key_release(s.sys, &k);
	assert_int_equal(s.t.loaded_count, 0);
	close_tpm(&s);
}

/* An owner password: under the SRK, TPM2_Create and TPM2_Load with its empty authorisation. */
static void storage_root_key_when_the_owner_has_a_password(void **state)
{
	(void)state;
	struct tpm_session s;
	struct enrol_key k;
	start(&s, SRK_STORAGE | TPMA_OBJECT_NODA, &k);
	open_tpm(&s);
	assert_int_equal(enrol_parent_choose(s.sys, TPMA_PERMANENT_OWNERAUTHSET, SH_ENABLED, &k), ENROL_PARENT_SRK);
	assert_int_equal(enrol_key_make(s.sys, &k), TSS2_RC_SUCCESS);
	assert_int_equal(scripted_count(&s.t, TPM2_CC_CreatePrimary), 0);
	assert_int_equal(last_call(&s.t, TPM2_CC_Create)->handle[0], ENROL_SRK_HANDLE);
	assert_int_equal(last_call(&s.t, TPM2_CC_Create)->key_type, TPM2_ALG_RSA);
	assert_int_equal(last_call(&s.t, TPM2_CC_Load)->handle[0], ENROL_SRK_HANDLE);
	assert_int_equal(last_call(&s.t, TPM2_CC_CertifyCreation)->handle[0], k.handle);
	enrol_key_release(s.sys, &k);
	assert_int_equal(s.t.loaded_count, 0);
	close_tpm(&s);
}

/* No parent: an owner password and no SRK, an SRK that is DA-protected or not a storage key, or the storage
 * hierarchy disabled. Nothing is created and the reason is given. */
static void no_parent_without_a_password_free_one(void **state)
{
	(void)state;
	static const struct {
		uint32_t srk, permanent, startup;
		const char *says;
	} cases[] = {
		{ 0, TPMA_PERMANENT_OWNERAUTHSET, SH_ENABLED, "no storage root key at 0x81000001" },
		{ SRK_STORAGE, TPMA_PERMANENT_OWNERAUTHSET, SH_ENABLED, "noDA clear" },
		{ (SRK_STORAGE & ~TPMA_OBJECT_DECRYPT) | TPMA_OBJECT_SIGN_ENCRYPT | TPMA_OBJECT_NODA,
		  TPMA_PERMANENT_OWNERAUTHSET, SH_ENABLED, "not a storage key" },
		{ SRK_STORAGE | TPMA_OBJECT_NODA, 0, 0, "shEnable clear" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tpm_session s;
		struct enrol_key k;
		start(&s, cases[i].srk, &k);
		open_tpm(&s);
		assert_int_equal(enrol_parent_choose(s.sys, cases[i].permanent, cases[i].startup, &k), ENROL_PARENT_NONE);
		assert_non_null(strstr(k.parent_why, cases[i].says));
		assert_int_not_equal(enrol_key_make(s.sys, &k), TSS2_RC_SUCCESS);
		assert_int_equal(scripted_key_generations(&s.t, TPM2_ALG_RSA), 0);
		assert_int_equal(s.t.loaded_count, 0);
		close_tpm(&s);
	}
}

/* TPM2_CertifyCreation refused, under either parent: the AIK is still loaded for the release to flush. */
static void certify_creation_refused_leaves_nothing_loaded(void **state)
{
	(void)state;
	for (int srk = 0; srk < 2; srk++) {
		struct tpm_session s;
		struct enrol_key k;
		start(&s, SRK_STORAGE | TPMA_OBJECT_NODA, &k);
		s.t.fault = (struct scripted_fault){ TPM2_CC_CertifyCreation, 0, TPM2_RC_SCHEME | TPM2_RC_P | TPM2_RC_3, 1 };
		open_tpm(&s);
		enrol_parent_choose(s.sys, srk ? TPMA_PERMANENT_OWNERAUTHSET : 0, SH_ENABLED, &k);
		assert_int_equal(enrol_key_make(s.sys, &k), TPM2_RC_SCHEME | TPM2_RC_P | TPM2_RC_3);
		assert_non_null(strstr(k.step.text, "TPM2_CertifyCreation"));
		assert_true(k.loaded);
		enrol_key_release(s.sys, &k);
		assert_int_equal(s.t.loaded_count, 0);
		close_tpm(&s);
	}
}

/* The challenge refused by the TPM (and, apart, its answer lost): the EK's policy session and the AIK are
 * flushed; nothing the enrolment made stays loaded. */
static void activate_credential_failing_leaves_nothing_loaded(void **state)
{
	(void)state;
	const uint32_t faults[] = { TPM2_RC_INTEGRITY | TPM2_RC_P | TPM2_RC_1, TPM2_RC_OBJECT_MEMORY };
	for (size_t i = 0; i < 3; i++) {
		struct tpm_session s;
		struct enrol_key k;
		start(&s, 0, &k);
		s.t.persistent_rsa_ek = true;
		open_tpm(&s);
		enrol_parent_choose(s.sys, 0, SH_ENABLED, &k);
		assert_int_equal(enrol_key_make(s.sys, &k), TSS2_RC_SUCCESS);
		if (i < 2)
			s.t.fault = (struct scripted_fault){ TPM2_CC_ActivateCredential, 0, faults[i], 1 };
		else
			s.t.strand_cc = TPM2_CC_StartAuthSession; /* the EK's session started, its answer lost */
		TPM2B_ID_OBJECT blob = { .size = 40 };
		TPM2B_ENCRYPTED_SECRET secret = { .size = 256 };
		TPM2B_DIGEST recovered;
		TSS2_RC rc = ek_activate_credential(s.sys, k.handle, 0x81010001, &blob, &secret, &recovered, &k.step);
		assert_int_not_equal(rc, TSS2_RC_SUCCESS);
		if (i < 2) { /* activateHandle the AIK, keyHandle the EK */
			assert_int_equal(rc, faults[i]);
			assert_int_equal(last_call(&s.t, TPM2_CC_ActivateCredential)->handle[0], k.handle);
			assert_int_equal(last_call(&s.t, TPM2_CC_ActivateCredential)->handle[1], 0x81010001);
		}
		enrol_key_release(s.sys, &k);
		assert_int_equal(s.t.loaded_count, 0);
		close_tpm(&s);
	}
}

/* The AIK's CreatePrimary or Load made the key and lost its answer: the new handle is flushed at once. */
static void aik_made_for_a_lost_answer_is_flushed(void **state)
{
	(void)state;
	const uint32_t strands[] = { TPM2_CC_CreatePrimary, TPM2_CC_Load };
	for (int i = 0; i < 2; i++) {
		struct tpm_session s;
		struct enrol_key k;
		start(&s, SRK_STORAGE | TPMA_OBJECT_NODA, &k);
		s.t.strand_cc = strands[i];
		open_tpm(&s);
		enrol_parent_choose(s.sys, i ? TPMA_PERMANENT_OWNERAUTHSET : 0, SH_ENABLED, &k);
		assert_int_not_equal(enrol_key_make(s.sys, &k), TSS2_RC_SUCCESS);
		assert_false(k.loaded);
		assert_true(s.t.created > 0);
		assert_int_equal(s.t.loaded_count, 0);
		assert_int_equal(scripted_count(&s.t, TPM2_CC_CertifyCreation), 0);
		close_tpm(&s);
	}
}

static struct aik_enrol_outcome blank_outcome(enum aik_enrol_state state)
{
	struct aik_enrol_outcome o;
	memset(&o, 0, sizeof(o));
	o.state = state;
	o.retry_after_s = -1;
	o.pki_status = o.fail_info = -1;
	snprintf(o.problem, sizeof(o.problem), "what went wrong");
	return o;
}

static const char *evidence(const struct check_result *r, const char *key)
{
	for (int i = 0; i < r->evidence_count; i++)
		if (strcmp(r->evidence[i].key, key) == 0)
			return r->evidence[i].value;
	return NULL;
}

/* Every state has its status and a reason of the check's table with a fix; the service refusing this TPM fails. */
static void each_state_has_its_status_and_reason(void **state)
{
	(void)state;
	static const struct {
		enum aik_enrol_state state;
		enum check_status status;
		const char *reason;
	} rows[] = {
		{ AIK_ENROL_AUTHORITY_UNKNOWN, CHECK_FAIL, "authority-unknown" },
		{ AIK_ENROL_EK_REJECTED, CHECK_FAIL, "ek-rejected" },
		{ AIK_ENROL_ATTESTATION_REJECTED, CHECK_FAIL, "attestation-rejected" },
		{ AIK_ENROL_REQUEST_REJECTED, CHECK_WARN, "request-rejected" },
		{ AIK_ENROL_CHALLENGE_REJECTED, CHECK_WARN, "challenge-rejected" },
		{ AIK_ENROL_RATE_LIMITED, CHECK_WARN, "rate-limited" },
		{ AIK_ENROL_SERVICE_ERROR, CHECK_WARN, "service-error" },
		{ AIK_ENROL_UNREACHABLE, CHECK_WARN, "unreachable" },
		{ AIK_ENROL_ANSWER_UNREADABLE, CHECK_WARN, "answer-unreadable" },
		{ AIK_ENROL_ANSWER_UNTRUSTED, CHECK_WARN, "answer-untrusted" },
		{ AIK_ENROL_CERT_INVALID, CHECK_WARN, "cert-invalid" },
		{ AIK_ENROL_NO_RA_CERT, CHECK_WARN, "no-ra-certificate" },
		{ AIK_ENROL_LOCAL_ERROR, CHECK_ERROR, "local-error" },
	};
	const struct check_descriptor *d = check_descriptor(CHECK_AIK_ENROL);
	assert_string_equal(d->id, "aik.enrolment");
	assert_int_equal(sizeof(rows) / sizeof(rows[0]), AIK_ENROL_STATE_COUNT - 2); /* but ISSUED and ACTIVATION_FAILED */
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct check_result r;
		outcome_init(&r, CHECK_AIK_ENROL);
		struct aik_enrol_outcome o = blank_outcome(rows[i].state);
		enrol_outcome_judge(&o, &r);
		assert_int_equal(r.status, rows[i].status);
		assert_string_equal(r.reason, rows[i].reason);
		const struct check_reason *reason = check_reason(d, r.reason);
		assert_non_null(reason);
		assert_true(reason->remediation[0] != 0);
		assert_string_equal(r.details, "what went wrong");
	}
	/* the Windows errors the refusals predict */
	assert_non_null(strstr(check_reason(d, "authority-unknown")->predicts, "0x80190194"));
	assert_non_null(strstr(check_reason(d, "ek-rejected")->predicts, "0x81039001"));
	assert_non_null(strstr(check_reason(d, "attestation-rejected")->predicts, "0x81039024"));
}

static void issued_passes_with_the_certificate(void **state)
{
	(void)state;
	struct check_result r;
	outcome_init(&r, CHECK_AIK_ENROL);
	struct aik_enrol_outcome o = blank_outcome(AIK_ENROL_ISSUED);
	o.problem[0] = 0;
	snprintf(o.serial, sizeof(o.serial), "4a0f");
	snprintf(o.issuer, sizeof(o.issuer), "IBM-KEYID-F6ECAC6A");
	o.not_before = 1800000000;
	o.not_after = 1800000000 + 365LL * 86400;
	memset(o.cert_sha256, 'c', 64);
	o.round_trips = 2;
	o.pki_status = 0;
	enrol_outcome_judge(&o, &r);
	assert_int_equal(r.status, CHECK_PASS);
	assert_string_equal(r.reason, "");
	assert_non_null(strstr(r.summary, "Microsoft issued an AIK certificate for this TPM (serial 4a0f)"));
	assert_string_equal(evidence(&r, "aik_cert_serial"), "4a0f");
	assert_string_equal(evidence(&r, "aik_cert_issuer"), "IBM-KEYID-F6ECAC6A");
	assert_non_null(strstr(evidence(&r, "aik_cert_validity"), "2027-01-15"));
	assert_int_equal(strlen(evidence(&r, "aik_cert_sha256")), 64);
	assert_string_equal(evidence(&r, "scep_pki_status"), "0");
	assert_null(evidence(&r, "answer_without_scep_attributes"));
	outcome_init(&r, CHECK_AIK_ENROL); /* a certificate answer without SCEP attributes says so */
	o.answer_without_scep_attributes = true;
	o.pki_status = -1;
	enrol_outcome_judge(&o, &r);
	assert_int_equal(r.status, CHECK_PASS);
	assert_non_null(strstr(evidence(&r, "answer_without_scep_attributes"), "binds it to this run"));
}

/* 429: a warning with the wait the service asked for, and the service's own words. */
static void rate_limited_shows_retry_after(void **state)
{
	(void)state;
	struct check_result r;
	outcome_init(&r, CHECK_AIK_ENROL);
	struct aik_enrol_outcome o = blank_outcome(AIK_ENROL_RATE_LIMITED);
	o.http_status = 429;
	o.retry_after_s = 120;
	o.round_trips = 1;
	snprintf(o.service_message, sizeof(o.service_message), "Too many requests");
	enrol_outcome_judge(&o, &r);
	assert_int_equal(r.status, CHECK_WARN);
	assert_non_null(strstr(r.details, "Retry-After: 120 s"));
	assert_string_equal(evidence(&r, "retry_after_s"), "120");
	assert_string_equal(evidence(&r, "http_status"), "429");
	assert_string_equal(evidence(&r, "service_message"), "Too many requests");
	assert_non_null(strstr(evidence(&r, "round_trips"), "1 "));
}

/* The TPM's failure to unwrap the challenge, by its class, as ek.activation judges it. */
static void activation_failure_by_its_class(void **state)
{
	(void)state;
	static const struct {
		uint32_t rc;
		enum check_status status;
		const char *reason;
	} rows[] = {
		{ TPM2_RC_INTEGRITY | TPM2_RC_P | TPM2_RC_1, CHECK_FAIL, "tpm-refused" },
		{ TPM2_RC_OBJECT_MEMORY, CHECK_ERROR, "tpm-busy" },
		{ TSS2_TCTI_RC_IO_ERROR, CHECK_ERROR, "tpm-incomplete" },
	};
	for (size_t i = 0; i < 3; i++) {
		struct check_result r;
		outcome_init(&r, CHECK_AIK_ENROL);
		struct aik_enrol_outcome o = blank_outcome(AIK_ENROL_ACTIVATION_FAILED);
		o.tpm_rc = rows[i].rc;
		enrol_outcome_judge(&o, &r);
		assert_int_equal(r.status, rows[i].status);
		assert_string_equal(r.reason, rows[i].reason);
		assert_non_null(strstr(r.summary, "TPM2_ActivateCredential"));
		assert_non_null(check_reason(check_descriptor(CHECK_AIK_ENROL), r.reason));
	}
}

/* The engine's run, online through the counting fakes below, with the swtpm RSA EK certificate in NV. */
static struct report report;
static uint8_t cert[2048];
static size_t cert_len;
static int gets, posts;

static int load_cert(void **state)
{
	(void)state;
	cert_len = scripted_swtpm_ek_cert(cert, sizeof(cert));
	return cert_len > 0 ? 0 : -1;
}

/* Every request is answered with Microsoft's 404 for an unknown authority. */
static int answer_404(struct http_result *out)
{
	static const char body[] = "{\"Message\":\"The authority \\\"ibm-keyid-f6ecac6a\\\" does not exist\"}";
	memset(out, 0, sizeof(*out));
	out->head.status = 404;
	snprintf(out->head.reason, sizeof(out->head.reason), "Not Found");
	out->body = malloc(sizeof(body));
	memcpy(out->body, body, sizeof(body));
	out->body_len = sizeof(body) - 1;
	return 0;
}

static int fake_get(const char *url, const struct http_options *o, struct http_result *out)
{
	(void)url;
	(void)o;
	gets++;
	return answer_404(out);
}

static int fake_send(const char *url, const struct http_options *o, const struct http_body *b, struct http_result *out)
{
	(void)url;
	(void)o;
	(void)b;
	posts++;
	return answer_404(out);
}

static int fake_probe(const char *const *hosts, int count, const struct http_options *o, struct probe_result *out)
{
	(void)hosts;
	(void)o;
	memset(out, 0, sizeof(*out) * (size_t)count);
	return count;
}

static bool opted_in, online;

static void configure(struct engine_options *o)
{
	o->aik_enrol = opted_in;
	if (online) {
		o->fetch = fake_get;
		o->send = fake_send;
		o->probe = fake_probe;
	} else {
		snprintf(o->offline_reason, sizeof(o->offline_reason), "offline (--offline)");
	}
}

static void run(struct scripted_tpm *t, bool enrol, bool network)
{
	opted_in = enrol;
	online = network;
	gets = posts = 0;
	t->configure = configure;
	scripted_run_engine(t, &report);
}

static void tpm_with_certificate(struct scripted_tpm *t)
{
	scripted_init(t);
	scripted_add_nv_data(t, 0x01C00002, EK_CERT_ATTRIBUTES, cert, (uint16_t)cert_len);
	t->persistent_rsa_ek = true;
}

/* Not opted in, or offline: skipped with how to opt in (or why offline); no AIK, nothing sent for it. */
static void skipped_unless_opted_in_and_online(void **state)
{
	(void)state;
	struct scripted_tpm t;
	tpm_with_certificate(&t);
	run(&t, false, true);
	const struct check_result *r = report_find(&report, CHECK_AIK_ENROL);
	assert_int_equal(r->status, CHECK_SKIP);
	assert_string_equal(r->reason, "not-opted-in");
	assert_non_null(strstr(r->summary, "aik_enrol = on"));
	assert_non_null(strstr(r->summary, "--enrol-aik"));
	assert_int_equal(scripted_count(&t, TPM2_CC_CertifyCreation), 0);
	assert_int_equal(posts, 0);
	tpm_with_certificate(&t);
	run(&t, true, false);
	r = report_find(&report, CHECK_AIK_ENROL);
	assert_int_equal(r->status, CHECK_SKIP);
	assert_string_equal(r->reason, "offline");
	assert_int_equal(scripted_count(&t, TPM2_CC_CertifyCreation), 0);
}

/* Opted in and online: the AIK is made in the owner hierarchy and certified, the service is asked (at most two
 * POSTs, whatever it answers), and after the run nothing is loaded. */
static void enrolment_runs_once_and_leaves_nothing_loaded(void **state)
{
	(void)state;
	struct scripted_tpm t;
	tpm_with_certificate(&t);
	run(&t, true, true);
	const struct check_result *r = report_find(&report, CHECK_AIK_ENROL);
	assert_int_not_equal(r->status, CHECK_SKIP);
	assert_int_not_equal(r->status, CHECK_PASS); /* the fake service knows no authority */
	assert_int_equal(scripted_count(&t, TPM2_CC_CertifyCreation), 1);
	const struct scripted_call *made = last_call(&t, TPM2_CC_CreatePrimary);
	assert_int_equal(made->handle[0], TPM2_RH_OWNER);
	assert_true(posts <= 2);
	assert_non_null(strstr(evidence(r, "aik_parent"), "owner hierarchy"));
	assert_non_null(evidence(r, "key_creation_ms"));
	assert_int_equal(t.loaded_count, 0);
}

/* An owner password and no SRK: skipped with the reason, no key generated beyond the run's own. */
static void skipped_without_a_parent(void **state)
{
	(void)state;
	struct scripted_tpm t;
	tpm_with_certificate(&t);
	scripted_set_property(&t, TPM2_PT_PERMANENT, TPMA_PERMANENT_OWNERAUTHSET);
	run(&t, true, true);
	const struct check_result *r = report_find(&report, CHECK_AIK_ENROL);
	assert_int_equal(r->status, CHECK_SKIP);
	assert_string_equal(r->reason, "no-aik-parent");
	assert_int_equal(scripted_count(&t, TPM2_CC_CertifyCreation), 0);
	assert_int_equal(posts, 0);
	assert_int_equal(t.loaded_count, 0);
}

/* An SRK with a password of its own (noDA: the refusal costs no lockout count): skipped, not a TPM failure. */
static void srk_with_a_password_is_no_parent(void **state)
{
	(void)state;
	struct scripted_tpm t;
	tpm_with_certificate(&t);
	scripted_set_property(&t, TPM2_PT_PERMANENT, TPMA_PERMANENT_OWNERAUTHSET);
	t.srk_attributes = SRK_STORAGE | TPMA_OBJECT_NODA;
	t.fault = (struct scripted_fault){ TPM2_CC_Create, ENROL_SRK_HANDLE, TPM2_RC_BAD_AUTH | TPM2_RC_S | TPM2_RC_1, 1 };
	run(&t, true, true);
	const struct check_result *r = report_find(&report, CHECK_AIK_ENROL);
	assert_int_equal(r->status, CHECK_SKIP);
	assert_string_equal(r->reason, "no-aik-parent");
	assert_non_null(strstr(r->summary, "has a password"));
	assert_int_equal(posts, 0);
	assert_int_equal(t.loaded_count, 0);
	struct enrol_key k = { .parent = ENROL_PARENT_SRK };
	assert_true(enrol_key_needs_password(&k, TPM2_RC_AUTH_FAIL | TPM2_RC_S | TPM2_RC_1));
	assert_false(enrol_key_needs_password(&k, TPM2_RC_ATTRIBUTES | TPM2_RC_P | TPM2_RC_2));
	k.parent = ENROL_PARENT_OWNER;
	assert_false(enrol_key_needs_password(&k, TPM2_RC_BAD_AUTH | TPM2_RC_S | TPM2_RC_1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_aik_template_is_windows_own),
		cmocka_unit_test(owner_hierarchy_when_its_authorisation_is_empty),
		cmocka_unit_test(storage_root_key_when_the_owner_has_a_password),
		cmocka_unit_test(no_parent_without_a_password_free_one),
		cmocka_unit_test(certify_creation_refused_leaves_nothing_loaded),
		cmocka_unit_test(activate_credential_failing_leaves_nothing_loaded),
		cmocka_unit_test(aik_made_for_a_lost_answer_is_flushed),
		cmocka_unit_test(each_state_has_its_status_and_reason),
		cmocka_unit_test(issued_passes_with_the_certificate),
		cmocka_unit_test(rate_limited_shows_retry_after),
		cmocka_unit_test(activation_failure_by_its_class),
		cmocka_unit_test(skipped_unless_opted_in_and_online),
		cmocka_unit_test(enrolment_runs_once_and_leaves_nothing_loaded),
		cmocka_unit_test(skipped_without_a_parent),
		cmocka_unit_test(srk_with_a_password_is_no_parent),
	};
	return cmocka_run_group_tests(tests, load_cert, NULL);
}
