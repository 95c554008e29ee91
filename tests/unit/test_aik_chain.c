/*
 * test_aik_chain.c - the AIK service's GetCACertChain answer: the certs-only CMS reader (every prefix of a real
 * answer refused, empty and padded answers named) and the verification of the chain against a cab's Microsoft
 * root, without one (the pinned fingerprint), with another AIK CA or another root, out of date. The answers are
 * the test AIK service's (tests/net/make-aik-service-pki.sh, kept as the fuzz target's seeds); where Microsoft's
 * real TrustedTpm.cab is beside the clone (../shared/testdata), its root must have the pinned fingerprint and its
 * AIK CAs must verify to it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "checks/ekcert/aik_service_chain.h"
#include "checks/util/utc_time.h"
#include "checks/x509/cert_facts.h"
#include "checks/x509/cert_time.h"

struct blob {
	uint8_t *data;
	size_t len;
};

/* A file from the repository (from the working directory, or from build/tests/unit/ up to the clone's root). */
static int load(const char *relative, struct blob *b)
{
	char exe[PATH_MAX] = "", path[PATH_MAX + 128];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = 0;
	const char *bases[] = { ".", dirname(dirname(dirname(dirname(exe)))) };
	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", bases[i], relative);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		fseek(f, 0, SEEK_END);
		b->len = (size_t)ftell(f);
		rewind(f);
		b->data = malloc(b->len + 64);
		size_t got = fread(b->data, 1, b->len, f);
		fclose(f);
		assert_int_equal(got, b->len);
		return 0;
	}
	return -1;
}

static struct blob answer(const char *name)
{
	char rel[128];
	struct blob b = { NULL, 0 };
	snprintf(rel, sizeof(rel), "tests/fuzz/seeds/fuzz_aik_chain/%s.p7b", name);
	assert_int_equal(load(rel, &b), 0);
	return b;
}

static long long at(int year)
{
	return civil_to_unix(year, 6, 1, 0, 0, 0);
}

static void reads_a_certs_only_message(void **state)
{
	struct blob good = answer("good");
	struct scep_certs c;
	const char *why;
	assert_int_equal(scep_certs_parse(good.data, good.len, &c, &why), 0);
	assert_int_equal(c.count, 4);
	for (size_t i = 0; i < c.count; i++)
		assert_int_equal(der_tlv_length(c.cert[i].p, c.cert[i].len), c.cert[i].len);
	/* every prefix is refused, never read past */
	for (size_t len = 0; len < good.len; len++) {
		uint8_t *cut = malloc(len ? len : 1);
		memcpy(cut, good.data, len);
		assert_int_equal(scep_certs_parse(cut, len, &c, &why), -1);
		assert_int_equal(c.count, 0);
		assert_non_null(why);
		free(cut);
	}
	/* padded: data after the ContentInfo */
	good.data[good.len] = 0;
	assert_int_equal(scep_certs_parse(good.data, good.len + 1, &c, &why), -1);
	assert_string_equal(why, "it has data after the ContentInfo");
	free(good.data);
}

static void names_empty_truncated_and_garbage_answers(void **state)
{
	struct scep_certs c;
	const char *why;
	struct blob b = answer("empty");
	assert_int_equal(scep_certs_parse(b.data, b.len, &c, &why), 0);
	assert_int_equal(c.count, 0);
	free(b.data);
	b = answer("truncated");
	assert_int_equal(scep_certs_parse(b.data, b.len, &c, &why), -1);
	assert_non_null(strstr(why, "cut short"));
	free(b.data);
	b = answer("garbage");
	assert_int_equal(scep_certs_parse(b.data, b.len, &c, &why), -1);
	assert_non_null(strstr(why, "not DER"));
	free(b.data);
	static const uint8_t not_signed_data[] = { 0x30, 0x0B, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01 };
	assert_int_equal(scep_certs_parse(not_signed_data, sizeof(not_signed_data), &c, &why), -1);
	assert_non_null(strstr(why, "not a CMS SignedData"));
}

/* A trust store as TrustedTpm.cab would give it: the test TPM root in Microsoft/RootCA, and (when aik_ca) the AIK CA
 * of the good answer in Microsoft/IntermediateCA under its id. */
struct test_store {
	struct trust_store t;
	struct trust_file files[2];
	struct cab_entry entries[2];
	char names[2][128];
	struct aik_id id;
};

static void make_store(struct test_store *s, bool aik_ca)
{
	struct blob good = answer("good");
	struct scep_certs c;
	const char *why;
	assert_int_equal(scep_certs_parse(good.data, good.len, &c, &why), 0);
	struct cert_facts ca;
	assert_int_equal(cert_facts_parse(c.cert[2].p, c.cert[2].len, &ca, &why), 0);
	memset(s, 0, sizeof(*s));
	assert_true(aik_id_find(ca.subject_cn, &s->id));
	snprintf(s->names[0], sizeof(s->names[0]), "Microsoft/RootCA/TestTpmRoot.cer");
	snprintf(s->names[1], sizeof(s->names[1]), "Microsoft/IntermediateCA/EUS-%s.cer", s->id.canonical);
	for (int i = 0; i < 2; i++) {
		size_t k = i == 0 ? 3 : 2;
		s->entries[i].name = s->names[i];
		s->entries[i].data = (uint8_t *)c.cert[k].p;
		s->entries[i].len = c.cert[k].len;
		s->files[i].entry = &s->entries[i];
	}
	s->files[0].role = ROLE_AIK_ROOT;
	s->files[1].role = ROLE_AIK_CA;
	s->files[1].has_id = true;
	s->files[1].id = s->id;
	s->t.files = s->files;
	s->t.count = aik_ca ? 2 : 1; /* the answer's bytes stay allocated for the test's life */
}

static void verifies_the_good_chain_to_the_cabs_root(void **state)
{
	struct test_store s;
	make_store(&s, true);
	struct blob good = answer("good");
	struct aik_chain_result *r = malloc(sizeof(*r));
	aik_chain_verify(good.data, good.len, &s.t, &s.id, at(2030), r);
	assert_int_equal(r->state, AIK_CHAIN_VERIFIED);
	assert_int_equal(r->count, 4);
	assert_int_equal(r->aik_ca, 2);
	assert_int_equal(r->cert[0].role, AIK_CERT_RA_SIGNING);
	assert_int_equal(r->cert[1].role, AIK_CERT_RA_ENCRYPTION);
	assert_int_equal(r->cert[3].role, AIK_CERT_ROOT);
	for (size_t i = 0; i < 4; i++) {
		assert_true(r->cert[i].verified);
		assert_int_equal(strlen(r->cert[i].sha256), 64);
	}
	assert_string_equal(r->cert[0].subject, "RA Signing Certificate");
	assert_non_null(strstr(r->anchor, "Microsoft/RootCA/TestTpmRoot.cer"));
	assert_non_null(strstr(r->cab_match, "same public key"));
	/* the cab without a file for the id: verified, not compared */
	make_store(&s, false);
	aik_chain_verify(good.data, good.len, &s.t, &s.id, at(2030), r);
	assert_int_equal(r->state, AIK_CHAIN_VERIFIED);
	assert_non_null(strstr(r->cab_match, "not compared"));
	/* after the certificates' end (2040) */
	make_store(&s, true);
	aik_chain_verify(good.data, good.len, &s.t, &s.id, at(2041), r);
	assert_int_equal(r->state, AIK_CHAIN_OUT_OF_DATE);
	/* another TPM's id: the AIK CA names another */
	struct aik_id other;
	assert_true(aik_id_find("IBM-keyid-0000000000000000000000000000000000000000", &other));
	aik_chain_verify(good.data, good.len, &s.t, &other, at(2030), r);
	assert_int_equal(r->state, AIK_CHAIN_CA_DIFFERS);
	assert_non_null(strstr(r->cab_match, "names another id"));
	free(r);
	free(good.data);
}

static void refuses_other_roots_other_aik_cas_and_no_anchor(void **state)
{
	struct test_store s;
	make_store(&s, true);
	struct aik_chain_result *r = malloc(sizeof(*r));
	struct blob b = answer("other-root");
	aik_chain_verify(b.data, b.len, &s.t, &s.id, at(2030), r);
	assert_int_equal(r->state, AIK_CHAIN_UNTRUSTED);
	for (size_t i = 0; i < 4; i++) /* the RA certificates and the AIK CA lead to the other root, which is no anchor */
		assert_false(r->cert[i].verified);
	assert_non_null(strstr(r->problem, "not Microsoft's TPM root"));
	free(b.data);
	b = answer("wrong-aik");
	aik_chain_verify(b.data, b.len, &s.t, &s.id, at(2030), r);
	assert_int_equal(r->state, AIK_CHAIN_CA_DIFFERS);
	assert_non_null(strstr(r->cab_match, "differs"));
	free(b.data);
	b = answer("good"); /* no cab: only the pinned Microsoft root anchors, and the test root is not it */
	aik_chain_verify(b.data, b.len, NULL, &s.id, at(2030), r);
	assert_int_equal(r->state, AIK_CHAIN_UNTRUSTED);
	free(b.data);
	b = answer("empty");
	aik_chain_verify(b.data, b.len, &s.t, &s.id, at(2030), r);
	assert_int_equal(r->state, AIK_CHAIN_EMPTY);
	free(b.data);
	b = answer("truncated");
	aik_chain_verify(b.data, b.len, &s.t, &s.id, at(2030), r);
	assert_int_equal(r->state, AIK_CHAIN_UNPARSEABLE);
	free(b.data);
	free(r);
}

/* DER length octets (X.690 8.1.3) for the hand-made messages below. */
static size_t put_tlv(uint8_t *out, uint8_t tag, const uint8_t *v, size_t len)
{
	size_t n = 0;
	out[n++] = tag;
	if (len < 128)
		out[n++] = (uint8_t)len;
	else if (len < 256)
		out[n++] = 0x81, out[n++] = (uint8_t)len;
	else
		out[n++] = 0x82, out[n++] = (uint8_t)(len >> 8), out[n++] = (uint8_t)len;
	memmove(out + n, v, len);
	return n + len;
}

/* A certs-only message around the given certificates (RFC 5652 5.1, RFC 8894 3.4). */
static size_t certs_only(uint8_t *out, const struct der *certs, size_t count)
{
	static uint8_t set[60000], sd[61000], explicit_[62000];
	static const uint8_t head[] = { 0x02, 0x01, 0x01, 0x31, 0x00, 0x30, 0x0B, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7,
					0x0D, 0x01, 0x07, 0x01 };
	static const uint8_t oid[] = { 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02 };
	size_t n = 0;
	for (size_t i = 0; i < count; i++)
		memcpy(set + n, certs[i].p, certs[i].len), n += certs[i].len;
	size_t m = sizeof(head);
	memcpy(sd, head, m);
	uint8_t tmp[60000];
	m += put_tlv(sd + m, 0xA0, set, n);
	sd[m++] = 0x31, sd[m++] = 0x00;
	size_t e = put_tlv(tmp, 0x30, sd, m);
	size_t k = sizeof(oid);
	memcpy(explicit_, oid, k);
	k += put_tlv(explicit_ + k, 0xA0, tmp, e);
	return put_tlv(out, 0x30, explicit_, k);
}

static void counts_certificates_up_to_a_bound(void **state)
{
	struct blob good = answer("good");
	struct scep_certs c;
	const char *why;
	assert_int_equal(scep_certs_parse(good.data, good.len, &c, &why), 0);
	struct der many[SCEP_CERTS_MAX + 1];
	for (size_t i = 0; i <= SCEP_CERTS_MAX; i++)
		many[i] = c.cert[i % 4];
	static uint8_t msg[64000];
	struct scep_certs d;
	size_t len = certs_only(msg, many, SCEP_CERTS_MAX);
	assert_int_equal(scep_certs_parse(msg, len, &d, &why), 0);
	assert_int_equal(d.count, SCEP_CERTS_MAX);
	len = certs_only(msg, many, SCEP_CERTS_MAX + 1);
	assert_int_equal(scep_certs_parse(msg, len, &d, &why), -1);
	assert_non_null(strstr(why, "more than 16"));
	/* the AIK CA and the root only: no RA certificate */
	struct test_store s;
	make_store(&s, true);
	struct aik_chain_result *r = malloc(sizeof(*r));
	len = certs_only(msg, &c.cert[2], 2);
	aik_chain_verify(msg, len, &s.t, &s.id, at(2030), r);
	assert_int_equal(r->state, AIK_CHAIN_INCOMPLETE);
	assert_non_null(strstr(r->problem, "no RA certificate"));
	free(r);
	free(good.data);
}

/* Microsoft's real cab, when it is beside the clone: its TPM root has the pinned fingerprint, and an answer made of
 * one of its AIK CAs and that root verifies without a cab (the pin alone anchors it). */
static void pinned_root_is_microsofts(void **state)
{
	struct blob cab;
	if (load("../shared/testdata/trustedtpm/TrustedTpm-2024-11-21.cab", &cab) != 0) {
		skip();
		return;
	}
	struct trust_store *t = calloc(1, sizeof(*t));
	char why[200];
	assert_int_equal(trust_store_open(t, cab.data, cab.len, why, sizeof(why)), 0);
	const struct cab_entry *root = NULL, *aik = NULL;
	struct aik_id id;
	for (size_t i = 0; i < t->count; i++) {
		if (t->files[i].role == ROLE_AIK_ROOT)
			root = t->files[i].entry;
		else if (!aik && t->files[i].role == ROLE_AIK_CA && strcmp(t->files[i].id.manufacturer, "ifx") == 0)
			aik = t->files[i].entry, id = t->files[i].id;
	}
	assert_non_null(root);
	assert_non_null(aik);
	mbedtls_x509_crt crt; /* the cab's AIK CAs are mostly PEM */
	mbedtls_x509_crt_init(&crt);
	assert_int_equal(cert_parse_any(&crt, aik->data, aik->len), 0);
	struct der two[2] = { { crt.raw.p, crt.raw.len }, { root->data, root->len } };
	static uint8_t msg[64000];
	size_t len = certs_only(msg, two, 2);
	struct aik_chain_result *r = malloc(sizeof(*r));
	aik_chain_verify(msg, len, NULL, &id, at(2025), r);
	assert_string_equal(r->cert[1].sha256, aik_root_pinned_sha256);
	assert_true(r->cert[0].verified);
	assert_true(r->cert[1].verified);
	assert_int_equal(r->state, AIK_CHAIN_INCOMPLETE); /* no RA certificates in a cab */
	assert_non_null(strstr(r->anchor, "pinned"));
	free(r);
	mbedtls_x509_crt_free(&crt);
	trust_store_close(t);
	free(t);
	free(cab.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_a_certs_only_message),
		cmocka_unit_test(names_empty_truncated_and_garbage_answers),
		cmocka_unit_test(verifies_the_good_chain_to_the_cabs_root),
		cmocka_unit_test(refuses_other_roots_other_aik_cas_and_no_anchor),
		cmocka_unit_test(counts_certificates_up_to_a_bound),
		cmocka_unit_test(pinned_root_is_microsofts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
