/*
 * test_aik_enrol.c - the AIK enrolment's messages and its run (checks/enrol):
 * the writers read back by the readers (DER SET OF order, EnvelopedData,
 * SignedData, the PKCS#10 and its attributes, the KAST statement), and every
 * state of aik_enrol_run against a C double of the service (enrol_service.c)
 * that answers with the client's own writers - correctly, or truncated,
 * garbage, with another nonce or transactionID, another signer, a refusal, a
 * 429, a failing TPM. With --write DIR it writes one good enrolment's messages
 * and the keys to read them (tests/system/test_enrol_messages.py has openssl
 * read them) and the fuzz target's seeds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "checks/enrol/aik_csr.h"
#include "checks/enrol/aik_enrol_keyed.h"
#include "checks/enrol/certrep.h"
#include "checks/enrol/cms_envelope.h"
#include "checks/enrol/der_writer.h"
#include "checks/enrol/ek_challenge.h"
#include "checks/enrol/enrol_oids.h"
#include "checks/enrol/issued_cert.h"
#include "checks/enrol/kast.h"
#include "checks/enrol/service_answer.h"
#include "enrol_service.h"
#include "enrol_test_pki.h"
#include <mbedtls/sha256.h>

struct fixture {
	struct svc s;
	struct trust_store *store;
	struct aik_enrol_target target;
	struct aik_enrol_identity id;
	const uint8_t *chain[1];
	size_t chain_len[1];
	struct aik_enrol_io io;
	struct aik_enrol_outcome out;
};

static struct fixture *fixture(void)
{
	struct fixture *f = calloc(1, sizeof(*f));
	svc_init(&f->s);
	f->store = svc_store(&f->s);
	f->target.scep_url = "https://ifx-keyid-4a99c0fe66949a73f867243188f08a42effb67f9.microsoftaik.azure.net/templates/Aik/scep";
	f->target.id = &f->s.id;
	f->target.store = f->store;
	svc_identity(&f->s, &f->id, f->chain, f->chain_len);
	return f;
}

static void done(struct fixture *f)
{
	svc_store_free(f->store);
	svc_free(&f->s);
	free(f);
}

/* One run with the fixed client key. */
static struct aik_enrol_outcome *run(struct fixture *f)
{
	svc_io(&f->s, &f->io);
	assert_int_equal(aik_enrol_run_keyed(&f->target, &f->s.tpm, &f->id, &f->io, f->s.client_key_pem,
					     f->s.client_key_len, &f->out), 0);
	return &f->out;
}

static void expect_state(struct fixture *f, enum aik_enrol_state want)
{
	struct aik_enrol_outcome *o = run(f);
	if (o->state != want)
		fail_msg("state %s (%s), wanted %s", aik_enrol_state_name(o->state), o->problem, aik_enrol_state_name(want));
	if (want != AIK_ENROL_ISSUED)
		assert_true(o->problem[0]);
}

/* ---- the writers, read back ---- */

static void der_writer_sorts_set_of_and_nests(void **state)
{
	struct der_writer w;
	dw_init(&w);
	dw_begin_set_of(&w);
	dw_string(&w, DER_PRINTABLE, "bb");
	dw_small_int(&w, 300);
	dw_string(&w, DER_PRINTABLE, "a");
	dw_end(&w);
	size_t len;
	uint8_t *out = dw_finish(&w, &len);
	static const uint8_t want[] = { 0x31, 0x0B, 0x02, 0x02, 0x01, 0x2C, 0x13, 0x01, 'a', 0x13, 0x02, 'b', 'b' };
	assert_int_equal(len, sizeof(want));
	assert_memory_equal(out, want, sizeof(want));
	free(out);
	dw_init(&w); /* an element left open, or a close too many, gives nothing */
	dw_begin(&w, DER_SEQUENCE);
	assert_null(dw_finish(&w, &len));
	dw_init(&w);
	dw_end(&w);
	assert_null(dw_finish(&w, &len));
	dw_init(&w); /* long lengths */
	uint8_t big[300] = { 0 };
	dw_tlv(&w, DER_OCTET_STRING, big, sizeof(big));
	out = dw_finish(&w, &len);
	assert_int_equal(len, 304);
	assert_int_equal(out[1], 0x82);
	free(out);
}

static void envelope_opens_with_the_recipients_key_only(void **state)
{
	struct fixture *f = fixture();
	const char *why;
	size_t len = 0, plain_len = 0;
	static const uint8_t secret[] = "the EK info, or a recovered credential";
	uint8_t *env = cms_envelope(&f->s.rae_facts, secret, sizeof(secret), &f->s.rng, &len, &why);
	assert_non_null(env);
	uint8_t *plain = cms_open_envelope(env, len, &f->s.rae_facts, &f->s.rae, &f->s.rng, &plain_len, &why);
	assert_non_null(plain);
	assert_int_equal(plain_len, sizeof(secret));
	assert_memory_equal(plain, secret, sizeof(secret));
	free(plain);
	/* another key: the content key does not decrypt (or its padding is wrong) */
	assert_null(cms_open_envelope(env, len, &f->s.rae_facts, &f->s.ras, &f->s.rng, &plain_len, &why));
	/* every prefix is refused with a reason */
	for (size_t n = 0; n < len; n += 7)
		assert_null(cms_open_envelope(env, n, &f->s.rae_facts, &f->s.rae, &f->s.rng, &plain_len, &why)), assert_non_null(why);
	free(env);
	/* an empty plaintext is one block of padding */
	env = cms_envelope(&f->s.rae_facts, secret, 0, &f->s.rng, &len, &why);
	plain = cms_open_envelope(env, len, &f->s.rae_facts, &f->s.rae, &f->s.rng, &plain_len, &why);
	assert_non_null(plain);
	assert_int_equal(plain_len, 0);
	free(plain);
	free(env);
	done(f);
}

static void signed_message_verifies_and_certrep_binds_to_its_request(void **state)
{
	struct fixture *f = fixture();
	const char *why;
	char text[160];
	size_t len = 0;
	uint8_t nonce[SCEP_NONCE_LEN] = { 1, 2, 3 }, other[SCEP_NONCE_LEN] = { 9 };
	static const uint8_t content[] = { 0x30, 0x03, 0x02, 0x01, 0x07 };
	struct scep_message m = { SCEP_CERT_REP, "11", NULL, "4a99", other, nonce, content, sizeof(content),
				  &f->s.ras_facts, &f->s.ras, NULL, NULL, 0 };
	uint8_t *msg = scep_sign(&m, &f->s.rng, &len, &why);
	assert_non_null(msg);
	struct svc_request req; /* the service double's reader: the signature verifies with the signer's key */
	assert_true(svc_read_request(msg, len, &req));
	assert_int_equal(req.type.len, 1);
	struct certrep rep;
	assert_int_equal(certrep_read(msg, len, &f->s.ras_facts, "4a99", nonce, &rep, text, sizeof(text)), CERTREP_OK);
	assert_int_equal(rep.pki_status, 11);
	assert_int_equal(rep.message_type, 3);
	assert_int_equal(rep.fail_info, -1);
	assert_true(rep.has_content);
	assert_memory_equal(rep.content.p, content, sizeof(content));
	assert_int_equal(certrep_read(msg, len, &f->s.ras_facts, "4a98", nonce, &rep, text, sizeof(text)), CERTREP_UNTRUSTED);
	assert_non_null(strstr(text, "transactionID"));
	assert_int_equal(certrep_read(msg, len, &f->s.ras_facts, "4a99", other, &rep, text, sizeof(text)), CERTREP_UNTRUSTED);
	assert_non_null(strstr(text, "recipientNonce"));
	assert_int_equal(certrep_read(msg, len, &f->s.rae_facts, "4a99", nonce, &rep, text, sizeof(text)), CERTREP_UNTRUSTED);
	/* any byte of the content, or of the SignerInfo past its header and version (the sid, the signed attributes,
	 * the algorithms, the signature) changed: unreadable or untrusted, never accepted. (The certificates, the
	 * versions and the digestAlgorithms list are not signed in CMS, and a CertRep's certificates are not used.) */
	const uint8_t *cert = memmem(msg, len, f->s.ras_facts.whole.p, f->s.ras_facts.whole.len);
	const uint8_t *in_msg = memmem(msg, len, content, sizeof(content));
	assert_non_null(cert);
	assert_non_null(in_msg);
	size_t signer_info = (size_t)(cert - msg) + f->s.ras_facts.whole.len + 4 + 4 + 3;
	for (size_t i = 0; i < len; i++) {
		if (i < signer_info && (i < (size_t)(in_msg - msg) || i >= (size_t)(in_msg - msg) + sizeof(content)))
			continue;
		msg[i] ^= 0x01;
		if (certrep_read(msg, len, &f->s.ras_facts, "4a99", nonce, &rep, text, sizeof(text)) == CERTREP_OK)
			fail_msg("byte %zu of %zu changed, still accepted", i, len);
		msg[i] ^= 0x01;
	}
	for (size_t n = 0; n < len; n += 5)
		assert_int_equal(certrep_read(msg, n, &f->s.ras_facts, "4a99", nonce, &rep, text, sizeof(text)), CERTREP_UNREADABLE);
	free(msg);
	done(f);
}

/* The PKCS#10 of a good run, as the service decrypted it: Windows' attributes in order, the hash "signature". */
static void request_has_windows_attributes_in_order(void **state)
{
	struct fixture *f = fixture();
	assert_int_equal(run(f)->state, AIK_ENROL_ISSUED);
	struct der in = { f->s.csr, f->s.csr_len }, req, info, alg, sig, v, attrs, attr, oid;
	assert_true(der_expect(&in, DER_SEQUENCE, &req, NULL) && !in.len);
	assert_true(der_expect(&req, DER_SEQUENCE, &v, &info));
	assert_true(der_expect(&req, DER_SEQUENCE, &alg, NULL) && der_expect(&alg, DER_OID, &oid, NULL));
	assert_true(der_oid_is(&oid, OID_SHA256, sizeof(OID_SHA256)));
	assert_true(der_expect(&req, DER_BIT_STRING, &sig, NULL) && sig.len == 33);
	uint8_t hash[32];
	mbedtls_sha256(info.p, info.len, hash, 0);
	assert_memory_equal(sig.p + 1, hash, 32);
	assert_true(der_expect(&v, DER_INTEGER, &attr, NULL));
	assert_true(der_expect(&v, DER_SEQUENCE, &attr, NULL) && attr.len == 0); /* empty subject */
	assert_true(der_expect(&v, DER_SEQUENCE, &attr, NULL));                  /* the AIK's key */
	assert_true(der_expect(&v, 0xA0, &attrs, NULL));
	const uint8_t *order[] = { OID_MS_OS_VERSION, OID_MS_SCEP_SIGNER_HASH, OID_MS_CLIENT_INFO, OID_MS_KSP_NAME,
				   OID_MS_CSP_INFO, OID_EXTENSION_REQUEST, OID_MS_ATTESTATION_STATEMENT, OID_MS_EK_INFO };
	const size_t order_len[] = { sizeof(OID_MS_OS_VERSION), sizeof(OID_MS_SCEP_SIGNER_HASH), sizeof(OID_MS_CLIENT_INFO),
				     sizeof(OID_MS_KSP_NAME), sizeof(OID_MS_CSP_INFO), sizeof(OID_EXTENSION_REQUEST),
				     sizeof(OID_MS_ATTESTATION_STATEMENT), sizeof(OID_MS_EK_INFO) };
	struct der values[8];
	for (int i = 0; i < 8; i++) {
		assert_true(der_expect(&attrs, DER_SEQUENCE, &attr, NULL) && der_expect(&attr, DER_OID, &oid, NULL));
		assert_true(der_oid_is(&oid, order[i], order_len[i]));
		assert_true(der_expect(&attr, DER_SET, &values[i], NULL));
	}
	assert_int_equal(attrs.len, 0);
	/* the SAN copied from the EK certificate byte for byte */
	struct cert_facts ek;
	const char *why;
	struct der san, ext_seq, ext, ext_oid, ext_value;
	assert_int_equal(cert_facts_parse(f->s.ek_der, f->s.ek_len, &ek, &why), 0);
	assert_true(ek.has_san);
	san = ek.san;
	assert_true(der_expect(&values[5], DER_SEQUENCE, &ext_seq, NULL) && der_expect(&ext_seq, DER_SEQUENCE, &ext, NULL));
	assert_true(der_expect(&ext, DER_OID, &ext_oid, NULL) && der_expect(&ext, DER_OCTET_STRING, &ext_value, NULL));
	assert_true(der_oid_is(&ext_oid, OID_SUBJECT_ALT_NAME, sizeof(OID_SUBJECT_ALT_NAME)));
	assert_int_equal(ext_value.len, san.len);
	assert_memory_equal(ext_value.p, san.p, san.len);
	/* the KAST header: "KAST", 1, 2, 28, cbIdBinding = the rest */
	struct der kast;
	assert_true(der_expect(&values[6], DER_OCTET_STRING, &kast, NULL));
	static const uint8_t head[] = { 'K', 'A', 'S', 'T', 1, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0 };
	assert_memory_equal(kast.p, head, sizeof(head));
	uint32_t id_binding = kast.p[16] | kast.p[17] << 8 | kast.p[18] << 16 | (uint32_t)kast.p[19] << 24;
	assert_int_equal(id_binding, kast.len - 28);
	/* the EK info opens with the RA encryption key: SEQUENCE { the EK's SPKI, the EK certificate } */
	struct der env;
	size_t plain_len;
	assert_true(der_expect(&values[7], DER_SEQUENCE, &v, &env));
	uint8_t *plain = cms_open_envelope(env.p, env.len, &f->s.rae_facts, &f->s.rae, &f->s.rng, &plain_len, &why);
	assert_non_null(plain);
	struct der p = { plain, plain_len }, seq, spki, cert;
	assert_true(der_expect(&p, DER_SEQUENCE, &seq, NULL) && der_expect(&seq, DER_SEQUENCE, &v, &spki) &&
		    der_expect(&seq, DER_SEQUENCE, &v, &cert));
	assert_int_equal(spki.len, ek.spki.len);
	assert_memory_equal(cert.p, f->s.ek_der, f->s.ek_len);
	free(plain);
	done(f);
}

static void challenge_reader_checks_every_length(void **state)
{
	/* SET { SEQUENCE { OID, SET { OCTET STRING blob } }, NULL } around a blob */
	uint8_t blob[24 + 2 + 3 + 2 + 2] = { 0x4B, 0x41, 0x43, 0x54, 1, 0, 0, 0, 2, 0, 0, 0, 24, 0, 0, 0, 9 };
	memcpy(blob + 24, "\x00\x03\xAA\xBB\xCC\x00\x02\xDD\xEE", 9);
	struct der_writer w;
	struct ek_challenge c;
	const char *why;
	size_t len;
	for (int variant = 0; variant < 5; variant++) {
		uint8_t b[sizeof(blob)];
		memcpy(b, blob, sizeof(b));
		size_t n = sizeof(b);
		if (variant == 1)
			b[16] = 10; /* challengeSize past the blob */
		if (variant == 2)
			b[16] = 8;  /* the secret cut short */
		if (variant == 3)
			b[12] = 0xFF; /* headerSize past the blob */
		if (variant == 4)
			n = 20;     /* shorter than the header */
		dw_init(&w);
		dw_begin(&w, DER_SET);
		dw_begin(&w, DER_SEQUENCE);
		dw_oid(&w, OID_MS_ATTESTATION_CHALLENGE, sizeof(OID_MS_ATTESTATION_CHALLENGE));
		dw_begin(&w, DER_SET);
		dw_tlv(&w, DER_OCTET_STRING, b, n);
		dw_end(&w);
		dw_end(&w);
		dw_null(&w);
		dw_end(&w);
		uint8_t *msg = dw_finish(&w, &len);
		int rc = ek_challenge_read(msg, len, &c, &why);
		if (variant == 0) {
			assert_int_equal(rc, 0);
			assert_int_equal(c.credential.size, 3);
			assert_int_equal(c.secret.size, 2);
			assert_int_equal(c.magic, 0x5443414B);
			assert_int_equal(c.server_context.len, 2);
			for (size_t k = 0; k < len; k++) /* every prefix refused */
				assert_int_equal(ek_challenge_read(msg, k, &c, &why), -1);
		} else
			assert_int_equal(rc, -1), assert_non_null(why);
		free(msg);
	}
}

static void refusals_and_retry_after_are_read(void **state)
{
	assert_int_equal(retry_after_seconds("120", 0), 120);
	assert_int_equal(retry_after_seconds("", 0), -1);
	assert_int_equal(retry_after_seconds("soon", 0), -1);
	assert_int_equal(retry_after_seconds("Sun, 06 Nov 1994 08:49:37 GMT", 784111717), 60);
	assert_int_equal(retry_after_seconds("99999999999999999999", 0), 100000000);
}

/* ---- every state of the run ---- */

static void issues_a_verified_certificate(void **state)
{
	struct fixture *f = fixture();
	struct aik_enrol_outcome *o = run(f);
	assert_int_equal(o->state, AIK_ENROL_ISSUED);
	assert_true(f->s.claim_verified); /* the service got the TPM's answer and its server context back */
	assert_int_equal(f->s.gets, 1);
	assert_int_equal(f->s.posts, 2);
	assert_int_equal(o->round_trips, 2);
	assert_int_equal(f->s.activations, 1);
	assert_string_equal(f->s.last_content_type, "application/x-pki-message");
	assert_non_null(strstr(f->s.last_url, "/templates/Aik/scep?operation=PKIOperation"));
	assert_int_equal(o->pki_status, 0);
	assert_int_equal(o->http_status, 200);
	assert_string_equal(o->serial, "3300000123456789");
	assert_string_equal(o->issuer, f->s.aikca_facts.subject_cn);
	assert_int_equal(strlen(o->cert_sha256), 64);
	assert_int_equal(strlen(o->transaction_id), 40);
	assert_true(o->request_bytes > 3000 && o->answer_bytes > 3000);
	assert_true(o->not_before < SVC_NOW && o->not_after > SVC_NOW);
	done(f);
	f = fixture();
	f->s.cert = CERT_BARE; /* a bare certificate instead of a PKCS#7 */
	expect_state(f, AIK_ENROL_ISSUED);
	done(f);
	f = fixture();
	f->s.req_answer = SVC_GRANT; /* granted at once, without a challenge */
	expect_state(f, AIK_ENROL_ISSUED);
	assert_int_equal(f->s.posts, 1);
	assert_int_equal(f->s.activations, 0);
	done(f);
}

static void makes_its_own_key_when_none_is_given(void **state)
{
	struct fixture *f = fixture();
	svc_io(&f->s, &f->io);
	assert_int_equal(aik_enrol_run(&f->target, &f->s.tpm, &f->id, &f->io, &f->out), 0);
	assert_int_equal(f->out.state, AIK_ENROL_ISSUED);
	assert_int_equal(f->s.says, 2); /* before the key, before the TPM */
	done(f);
}

static void refusals_by_http_status(void **state)
{
	static const struct {
		int status; const char *message; enum aik_enrol_state want; int posts;
	} cases[] = {
		{ 404, "The authority \\\"ifx-keyid-4a99\\\" does not exist", AIK_ENROL_AUTHORITY_UNKNOWN, 0 },
		{ 400, "No valid TPM EK/Platform Certificate provided in the TPM identity request message",
		  AIK_ENROL_EK_REJECTED, 1 },
		{ 400, "Attestation statement cannot be verified, rejecting request. TPM firmware needs update.",
		  AIK_ENROL_ATTESTATION_REJECTED, 1 },
		{ 400, "Failed to parse SCEP request.", AIK_ENROL_REQUEST_REJECTED, 1 },
		{ 404, "Not Found", AIK_ENROL_REQUEST_REJECTED, 1 },
		{ 403, "Forbidden", AIK_ENROL_REQUEST_REJECTED, 1 },
		{ 503, "Service Unavailable", AIK_ENROL_SERVICE_ERROR, 1 },
		{ 302, "moved", AIK_ENROL_SERVICE_ERROR, 1 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fixture *f = fixture();
		f->s.http_status = cases[i].status;
		f->s.json_message = cases[i].message;
		*(cases[i].posts == 0 ? &f->s.chain_answer : &f->s.req_answer) = SVC_HTTP;
		expect_state(f, cases[i].want);
		assert_int_equal(f->s.posts, cases[i].posts);
		assert_int_equal(f->out.http_status, cases[i].status);
		if (i == 0) /* the JSON string read, its escapes undone */
			assert_string_equal(f->out.service_message, "The authority \"ifx-keyid-4a99\" does not exist");
		else
			assert_string_equal(f->out.service_message, cases[i].message);
		done(f);
	}
}

static void rate_limit_is_never_retried(void **state)
{
	struct fixture *f = fixture();
	f->s.req_answer = SVC_HTTP;
	f->s.http_status = 429;
	f->s.json_message = "Too many requests";
	f->s.retry_after = "120";
	expect_state(f, AIK_ENROL_RATE_LIMITED);
	assert_int_equal(f->out.retry_after_s, 120);
	assert_int_equal(f->s.posts, 1);
	assert_string_equal(f->out.service_message, "Too many requests");
	done(f);
	f = fixture(); /* at the second request too, and without Retry-After */
	f->s.claim_answer = SVC_HTTP;
	f->s.http_status = 429;
	expect_state(f, AIK_ENROL_RATE_LIMITED);
	assert_int_equal(f->out.retry_after_s, -1);
	assert_int_equal(f->s.posts, 2);
	done(f);
}

static void unreachable_unreadable_and_untrusted_answers(void **state)
{
	static const struct { int where; enum svc_answer a; enum aik_enrol_state want; } cases[] = {
		{ 0, SVC_UNREACHABLE, AIK_ENROL_UNREACHABLE }, { 1, SVC_UNREACHABLE, AIK_ENROL_UNREACHABLE },
		{ 2, SVC_UNREACHABLE, AIK_ENROL_UNREACHABLE },
		{ 0, SVC_GARBAGE, AIK_ENROL_ANSWER_UNREADABLE }, { 0, SVC_TRUNCATED, AIK_ENROL_ANSWER_UNREADABLE },
		{ 1, SVC_GARBAGE, AIK_ENROL_ANSWER_UNREADABLE }, { 1, SVC_TRUNCATED, AIK_ENROL_ANSWER_UNREADABLE },
		{ 2, SVC_GARBAGE, AIK_ENROL_ANSWER_UNREADABLE }, { 2, SVC_TRUNCATED, AIK_ENROL_ANSWER_UNREADABLE },
		{ 1, SVC_WRONG_NONCE, AIK_ENROL_ANSWER_UNTRUSTED }, { 2, SVC_WRONG_NONCE, AIK_ENROL_ANSWER_UNTRUSTED },
		{ 1, SVC_WRONG_TXID, AIK_ENROL_ANSWER_UNTRUSTED }, { 2, SVC_WRONG_TXID, AIK_ENROL_ANSWER_UNTRUSTED },
		{ 1, SVC_WRONG_SIGNER, AIK_ENROL_ANSWER_UNTRUSTED }, { 2, SVC_BAD_SIGNATURE, AIK_ENROL_ANSWER_UNTRUSTED },
		{ 1, SVC_BAD_CONTENT, AIK_ENROL_ANSWER_UNREADABLE },
		{ 1, SVC_FAILURE, AIK_ENROL_REQUEST_REJECTED }, { 1, SVC_PENDING, AIK_ENROL_SERVICE_ERROR },
		{ 2, SVC_FAILURE, AIK_ENROL_CHALLENGE_REJECTED }, { 2, SVC_PENDING, AIK_ENROL_SERVICE_ERROR },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fixture *f = fixture();
		*(cases[i].where == 0 ? &f->s.chain_answer : cases[i].where == 1 ? &f->s.req_answer : &f->s.claim_answer) = cases[i].a;
		expect_state(f, cases[i].want);
		assert_int_equal(f->s.posts, cases[i].where);
		if (cases[i].a == SVC_FAILURE)
			assert_int_equal(f->out.fail_info, 2), assert_int_equal(f->out.pki_status, 2);
		if (cases[i].a == SVC_UNREACHABLE)
			assert_string_equal(f->out.failure_code, "NET-CONNECT-REFUSED");
		done(f);
	}
}

static void challenge_refused_or_not_answered(void **state)
{
	struct fixture *f = fixture();
	f->s.claim_answer = SVC_HTTP;
	f->s.http_status = 400;
	f->s.json_message = "Challenge answer is wrong";
	expect_state(f, AIK_ENROL_CHALLENGE_REJECTED);
	assert_string_equal(f->out.service_message, "Challenge answer is wrong");
	done(f);
	f = fixture(); /* a server error to the answer is the service's, not the challenge's */
	f->s.claim_answer = SVC_HTTP;
	f->s.http_status = 500;
	f->s.json_message = "An error has occurred.";
	expect_state(f, AIK_ENROL_SERVICE_ERROR);
	done(f);
	f = fixture();
	f->s.activate_fails = true;
	expect_state(f, AIK_ENROL_ACTIVATION_FAILED);
	assert_int_equal(f->out.tpm_rc, 0x922);
	assert_int_equal(f->s.posts, 1); /* nothing sent after the TPM failed */
	assert_non_null(strstr(f->out.problem, "TPM_RC_INTEGRITY"));
	done(f);
}

/* The public reconstruction's server signs its last answer without SCEP attributes: the certificate is then taken
 * when it holds this run's AIK key and chains; the first answer must still carry them. */
static void certificate_answer_without_scep_attributes(void **state)
{
	struct fixture *f = fixture();
	f->s.claim_answer = SVC_NO_SCEP_ATTRIBUTES;
	expect_state(f, AIK_ENROL_ISSUED);
	assert_true(f->out.answer_without_scep_attributes);
	assert_int_equal(f->out.pki_status, -1);
	done(f);
	f = fixture();
	f->s.claim_answer = SVC_NO_SCEP_ATTRIBUTES;
	f->s.cert = CERT_OTHER_KEY;
	expect_state(f, AIK_ENROL_CERT_INVALID);
	done(f);
	f = fixture();
	f->s.req_answer = SVC_NO_SCEP_ATTRIBUTES;
	expect_state(f, AIK_ENROL_ANSWER_UNREADABLE);
	assert_int_equal(f->s.posts, 1);
	assert_false(f->out.answer_without_scep_attributes);
	done(f);
}

static void certificates_that_do_not_verify(void **state)
{
	enum svc_cert bad[] = { CERT_NO_EKU, CERT_OTHER_KEY, CERT_OTHER_ISSUER };
	for (size_t i = 0; i < 3; i++) {
		struct fixture *f = fixture();
		f->s.cert = bad[i];
		expect_state(f, AIK_ENROL_CERT_INVALID);
		done(f);
	}
}

static void ca_chains_without_ra_or_trust(void **state)
{
	struct fixture *f = fixture();
	f->s.chain = CHAIN_NO_RA;
	expect_state(f, AIK_ENROL_NO_RA_CERT);
	assert_int_equal(f->s.posts, 0);
	done(f);
	f = fixture();
	f->s.chain = CHAIN_OTHER_ROOT;
	expect_state(f, AIK_ENROL_ANSWER_UNTRUSTED);
	done(f);
	f = fixture();
	f->s.chain = CHAIN_GARBAGE_BODY;
	expect_state(f, AIK_ENROL_ANSWER_UNREADABLE);
	done(f);
	f = fixture(); /* no cab and the test root is not Microsoft's pinned one */
	f->target.store = NULL;
	expect_state(f, AIK_ENROL_ANSWER_UNTRUSTED);
	done(f);
}

static void local_failures(void **state)
{
	struct fixture *f = fixture();
	f->s.random_fails = true;
	expect_state(f, AIK_ENROL_LOCAL_ERROR);
	assert_int_equal(f->s.posts, 0);
	done(f);
	f = fixture();
	f->id.ek_cert = f->s.ekca_der; /* a CA certificate without the TCG SAN */
	f->id.ek_cert_len = f->s.ekca_len;
	expect_state(f, AIK_ENROL_LOCAL_ERROR);
	assert_non_null(strstr(f->out.problem, "subjectAltName"));
	done(f);
	f = fixture();
	f->s.tpm.aik_public.publicArea.type = TPM2_ALG_ECC;
	expect_state(f, AIK_ENROL_LOCAL_ERROR);
	done(f);
	f = fixture();
	svc_io(&f->s, &f->io);
	f->io.activate = NULL;
	assert_int_equal(aik_enrol_run(&f->target, &f->s.tpm, &f->id, &f->io, &f->out), -1);
	assert_int_equal(f->out.state, AIK_ENROL_LOCAL_ERROR);
	done(f);
	for (int s = 0; s < AIK_ENROL_STATE_COUNT; s++)
		assert_string_not_equal(aik_enrol_state_name((enum aik_enrol_state)s), "unknown");
}

/* ---- --write DIR: one good enrolment's messages, the keys to read them, the fuzz target's seeds ---- */

static void put(const char *dir, const char *name, const void *p, size_t len)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(p, 1, len, f) != len) {
		fprintf(stderr, "cannot write %s\n", path);
		exit(1);
	}
	fclose(f);
}

static int slurp(const char *path, uint8_t **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	rewind(f);
	*out = malloc(*len ? *len : 1);
	size_t got = fread(*out, 1, *len, f);
	fclose(f);
	return got == *len ? 0 : -1;
}

/* A fuzz seed: the selector byte, then (for a CertRep) the request's senderNonce and transactionID, then the data. */
static void seed(const char *dir, const char *name, uint8_t selector, const struct svc_request *req, const uint8_t *p,
		 size_t len)
{
	uint8_t *b = malloc(1 + 16 + 40 + len);
	size_t n = 0;
	b[n++] = selector;
	if (req) {
		memcpy(b + n, req->nonce.p, 16);
		memset(b + n + 16, 0, 40);
		memcpy(b + n + 16, req->txid.p, req->txid.len < 40 ? req->txid.len : 40);
		n += 56;
	}
	memcpy(b + n, p, len);
	put(dir, name, b, n + len);
	free(b);
}

static int write_messages(const char *dir, const char *seeds)
{
	struct fixture *f = fixture();
	if (run(f)->state != AIK_ENROL_ISSUED || !f->s.claim_verified) {
		fprintf(stderr, "the good enrolment did not issue: %s\n", f->out.problem);
		return 1;
	}
	put(dir, "pkcs_req.der", f->s.pkcs_req, f->s.pkcs_req_len);
	put(dir, "claim.der", f->s.claim, f->s.claim_len);
	put(dir, "ca_chain.p7b", f->s.answers[0], f->s.answers_len[0]);
	put(dir, "certrep1.der", f->s.answers[1], f->s.answers_len[1]);
	put(dir, "certrep2.der", f->s.answers[2], f->s.answers_len[2]);
	put(dir, "csr.der", f->s.csr, f->s.csr_len);
	put(dir, "rae.pem", pki_rae_pem, strlen(pki_rae_pem));
	put(dir, "rae.key", pki_rae_key, strlen(pki_rae_key));
	put(dir, "client.key", pki_client_key, strlen(pki_client_key));
	put(dir, "root.pem", pki_root_pem, strlen(pki_root_pem));
	put(dir, "ras.pem", pki_ras_pem, strlen(pki_ras_pem));
	put(dir, "ras.key", pki_ras_key, strlen(pki_ras_key));
	put(dir, "aikca.pem", pki_aikca_pem, strlen(pki_aikca_pem));
	put(dir, "aikca.key", pki_aikca_key, strlen(pki_aikca_key));
	put(dir, "aik.key", pki_aik_key, strlen(pki_aik_key));
	struct svc_request r1, r2;
	if (!svc_read_request(f->s.pkcs_req, f->s.pkcs_req_len, &r1) || !svc_read_request(f->s.claim, f->s.claim_len, &r2))
		return 1;
	put(dir, "client.der", r1.cert.p, r1.cert.len);
	if (seeds) {
		mkdir(seeds, 0755);
		seed(seeds, "certrep-challenge", 0, &r1, f->s.answers[1], f->s.answers_len[1]);
		seed(seeds, "certrep-issued", 0, &r2, f->s.answers[2], f->s.answers_len[2]);
		seed(seeds, "certrep-truncated", 0, &r2, f->s.answers[2], f->s.answers_len[2] / 2);
		/* the decrypted contents: challenge and certificate container, and their envelopes */
		struct certrep rep;
		char why[160];
		const char *w;
		size_t n;
		mbedtls_pk_context client;
		mbedtls_pk_init(&client);
		mbedtls_pk_parse_key(&client, f->s.client_key_pem, f->s.client_key_len, NULL, 0, enrol_rng_fill, &f->s.rng);
		for (int i = 1; i <= 2; i++) {
			struct svc_request *r = i == 1 ? &r1 : &r2;
			char txid[41] = "";
			memcpy(txid, r->txid.p, r->txid.len < 40 ? r->txid.len : 40);
			if (certrep_read(f->s.answers[i], f->s.answers_len[i], &f->s.ras_facts, txid, r->nonce.p, &rep, why,
					 sizeof(why)) != CERTREP_OK)
				return 1;
			seed(seeds, i == 1 ? "envelope-challenge" : "envelope-issued", 3, NULL, rep.content.p, rep.content.len);
			uint8_t *plain = cms_open_envelope(rep.content.p, rep.content.len, &r1.client, &client, &f->s.rng, &n, &w);
			if (!plain)
				return 1;
			seed(seeds, i == 1 ? "challenge" : "issued-pkcs7", (uint8_t)i, NULL, plain, n);
			free(plain);
		}
		mbedtls_pk_free(&client);
	}
	done(f);
	return 0;
}

/* --read CERTREP CLIENT_CERT NONCE_HEX TXID: another implementation's CertRep (the test AIK service's, written by
 * tests/system/test_enrol_messages.py) read as the client reads it, against the fixed test PKI; one line says what
 * came out. */
static int read_certrep(const char *path, const char *client_path, const char *nonce_hex, const char *txid)
{
	struct fixture *f = fixture();
	uint8_t *msg = NULL, *client = NULL, nonce[SCEP_NONCE_LEN];
	size_t len = 0, client_len = 0, n = 0;
	const char *why;
	char text[240];
	struct cert_facts me;
	struct certrep rep;
	mbedtls_pk_context key;
	if (slurp(path, &msg, &len) || slurp(client_path, &client, &client_len) || strlen(nonce_hex) != 32 ||
	    cert_facts_parse(client, client_len, &me, &why) != 0)
		return 2;
	for (int i = 0; i < SCEP_NONCE_LEN; i++)
		sscanf(nonce_hex + 2 * i, "%2hhx", &nonce[i]);
	mbedtls_pk_init(&key);
	mbedtls_pk_parse_key(&key, f->s.client_key_pem, f->s.client_key_len, NULL, 0, enrol_rng_fill, &f->s.rng);
	enum certrep_fault fault = certrep_read(msg, len, &f->s.ras_facts, txid, nonce, &rep, text, sizeof(text));
	printf("certrep fault=%d status=%d fail=%d content=%d", fault, rep.pki_status, rep.fail_info, rep.has_content);
	uint8_t *plain = fault == CERTREP_OK && rep.has_content
			 ? cms_open_envelope(rep.content.p, rep.content.len, &me, &key, &f->s.rng, &n, &why) : NULL;
	struct ek_challenge c;
	struct issued_cert cert;
	struct issued_anchors a = { f->s.der[1], f->s.der[0], f->s.der_len[1], f->s.der_len[0] };
	if (plain && ek_challenge_read(plain, n, &c, &why) == 0)
		printf(" challenge credential=%u secret=%u context=%zu", c.credential.size, c.secret.size, c.server_context.len);
	else if (plain && issued_cert_check(plain, n, &a, &f->s.tpm.aik_public, (long long)time(NULL), &cert, text,
					    sizeof(text)) == ISSUED_OK)
		printf(" issued serial=%s", cert.serial);
	else if (fault != CERTREP_OK || plain)
		printf(" problem=%s", fault != CERTREP_OK ? text : "content neither a challenge nor a certificate");
	printf("\n");
	free(plain);
	free(msg);
	free(client);
	mbedtls_pk_free(&key);
	done(f);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 6 && strcmp(argv[1], "--read") == 0)
		return read_certrep(argv[2], argv[3], argv[4], argv[5]);
	if (argc >= 3 && strcmp(argv[1], "--write") == 0)
		return write_messages(argv[2], argc >= 4 ? argv[3] : NULL);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(der_writer_sorts_set_of_and_nests),
		cmocka_unit_test(envelope_opens_with_the_recipients_key_only),
		cmocka_unit_test(signed_message_verifies_and_certrep_binds_to_its_request),
		cmocka_unit_test(request_has_windows_attributes_in_order),
		cmocka_unit_test(challenge_reader_checks_every_length),
		cmocka_unit_test(refusals_and_retry_after_are_read),
		cmocka_unit_test(issues_a_verified_certificate),
		cmocka_unit_test(makes_its_own_key_when_none_is_given),
		cmocka_unit_test(refusals_by_http_status),
		cmocka_unit_test(rate_limit_is_never_retried),
		cmocka_unit_test(unreachable_unreadable_and_untrusted_answers),
		cmocka_unit_test(challenge_refused_or_not_answered),
		cmocka_unit_test(certificate_answer_without_scep_attributes),
		cmocka_unit_test(certificates_that_do_not_verify),
		cmocka_unit_test(ca_chains_without_ra_or_trust),
		cmocka_unit_test(local_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
