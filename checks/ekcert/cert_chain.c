/* cert_chain.c - the certificate pool and the walk from an EK certificate up to a TrustedTpm root. */
#include "checks/ekcert/cert_chain.h"
#include "checks/x509/cert_time.h"
#include <ctype.h>
#include <mbedtls/pk.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cert_pool_init(struct cert_pool *p)
{
	memset(p, 0, sizeof(*p));
}

void cert_pool_free(struct cert_pool *p)
{
	for (size_t i = 0; i < p->count; i++) {
		if (p->certs[i].pk) {
			mbedtls_pk_free(p->certs[i].pk);
			free(p->certs[i].pk);
		}
		free(p->certs[i].owned);
	}
	free(p->certs);
	cert_pool_init(p);
}

static void *parse_key(const struct cert_facts *f)
{
	mbedtls_pk_context *pk = malloc(sizeof(*pk));
	if (!pk)
		return NULL;
	mbedtls_pk_init(pk);
	if (mbedtls_pk_parse_public_key(pk, f->spki.p, f->spki.len) == 0)
		return pk;
	mbedtls_pk_free(pk);
	free(pk);
	return NULL;
}

static void add_owned(struct cert_pool *p, const uint8_t *der, size_t len, enum cert_source source,
		      const char *name, uint8_t *owned)
{
	const char *why;
	struct cert_facts facts;
	if (cert_facts_parse(der, len, &facts, &why) != 0 || (p->count == p->cap && p->cap >= 100000)) {
		free(owned);
		return;
	}
	if (p->count == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		struct pool_cert *grown = realloc(p->certs, cap * sizeof(*grown));
		if (!grown) {
			free(owned);
			return;
		}
		p->certs = grown;
		p->cap = cap;
	}
	struct pool_cert *c = &p->certs[p->count++];
	memset(c, 0, sizeof(*c));
	c->facts = facts;
	c->source = source;
	c->owned = owned;
	snprintf(c->name, sizeof(c->name), "%s", name);
}

void cert_pool_add(struct cert_pool *p, const uint8_t *der, size_t len, enum cert_source source, const char *name)
{
	add_owned(p, der, len, source, name, NULL);
}

void cert_pool_add_copy(struct cert_pool *p, const uint8_t *data, size_t len, enum cert_source source, const char *name)
{
	uint8_t *der = NULL;
	size_t der_len = 0;
	if (len && data[0] == 0x30) {
		der_len = der_tlv_length(data, len);
		if (der_len && (der = malloc(der_len)))
			memcpy(der, data, der_len);
	} else {
		mbedtls_x509_crt crt; /* PEM */
		mbedtls_x509_crt_init(&crt);
		if (cert_parse_any(&crt, data, len) == 0 && (der = malloc(crt.raw.len))) {
			memcpy(der, crt.raw.p, crt.raw.len);
			der_len = crt.raw.len;
		}
		mbedtls_x509_crt_free(&crt);
	}
	if (der)
		add_owned(p, der, der_len, source, name, der);
}

/* Cab files are DER or PEM (docs/attestation-facts.md §3); PEM is turned into DER the pool keeps. */
static void add_cab_file(struct cert_pool *p, const struct trust_file *f, enum cert_source source)
{
	const struct cab_entry *e = f->entry;
	if (e->len && e->data[0] == 0x30)
		cert_pool_add(p, e->data, e->len, source, e->name);
	else
		cert_pool_add_copy(p, e->data, e->len, source, e->name);
}

void cert_pool_add_cab(struct cert_pool *p, const struct trust_store *t)
{
	for (size_t i = 0; i < t->count; i++) {
		if (t->files[i].role == ROLE_EK_ROOT)
			add_cab_file(p, &t->files[i], SOURCE_CAB_ROOT);
		else if (t->files[i].role == ROLE_EK_INTERMEDIATE)
			add_cab_file(p, &t->files[i], SOURCE_CAB_INTERMEDIATE);
	}
}

static bool same_bytes(const struct der *a, const struct der *b)
{
	return a->len == b->len && a->len && memcmp(a->p, b->p, a->len) == 0;
}

/* Compares common names with runs of blanks collapsed (Intel "GLK_EPID_PROD  pid:7", ekcerts/README). */
static bool same_cn(const char *a, const char *b)
{
	if (!*a || !*b)
		return false;
	while (*a && *b) {
		if (isspace((unsigned char)*a) && isspace((unsigned char)*b)) {
			while (isspace((unsigned char)*a))
				a++;
			while (isspace((unsigned char)*b))
				b++;
			continue;
		}
		if (*a++ != *b++)
			return false;
	}
	return !*a && !*b;
}

/* Could `issuer` have issued `subject`? Key identifiers first, then the Name bytes, then the CN. */
static bool may_issue(const struct cert_facts *subject, const struct cert_facts *issuer)
{
	if (subject->has_aki && issuer->has_ski)
		return same_bytes(&subject->aki_keyid, &issuer->ski);
	return same_bytes(&subject->issuer, &issuer->subject) || same_cn(subject->issuer_cn, issuer->subject_cn);
}

static const char *source_name(enum cert_source s)
{
	static const char *names[] = { "leaf", "nv", "cab-root", "cab-intermediate", "aia", "service", "pinned-root" };
	return names[s];
}

static void record_step(struct chain_result *out, const struct cert_facts *f, enum cert_source source, const char *name)
{
	struct chain_step *s = &out->step[out->steps++];
	snprintf(s->subject_cn, sizeof(s->subject_cn), "%s", f->subject_cn);
	snprintf(s->source, sizeof(s->source), "%s", source_name(source));
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->facts = f;
}

enum issuer_fit { FIT_GOOD, FIT_OUT_OF_DATE, FIT_NOT_CA };

/*
 * Whether an issuer whose signature verified may act as a CA (RFC 5280 6.1.4 (k), (l), (m), (n)); `below` counts the
 * intermediates between it and the leaf that are not self-issued. Trust anchors, the roots the cab lists, are exempt:
 * RFC 5280 6.1.1 (d) takes only their name and key, and some are v1 certificates without extensions. A self-issued
 * certificate from elsewhere ends the chain as an untrusted root, which says more.
 */
/* The trust anchors: the roots the cab lists, and a root recognised by its pinned fingerprint. */
static bool is_anchor(enum cert_source s)
{
	return s == SOURCE_CAB_ROOT || s == SOURCE_PINNED_ROOT;
}

static enum issuer_fit judge_issuer(const struct pool_cert *c, size_t below, long long now, char *why, size_t why_len)
{
	const struct cert_facts *f = &c->facts;
	if (is_anchor(c->source) || f->self_issued)
		return FIT_GOOD;
	if (!f->is_ca)
		snprintf(why, why_len, "is not a CA (basicConstraints %s)", f->has_basic_constraints ? "cA is FALSE" : "absent");
	else if (f->has_key_usage && !f->key_cert_sign)
		snprintf(why, why_len, "may not sign certificates (keyUsage without keyCertSign)");
	else if (f->has_path_len && below > f->path_len)
		snprintf(why, why_len, "allows %u CA(s) below it (pathLenConstraint) but the chain has %zu", f->path_len, below);
	else
		return now < f->not_before || now > f->not_after ? FIT_OUT_OF_DATE : FIT_GOOD;
	return FIT_NOT_CA;
}

struct issuer_search {
	const struct cert_facts *cur;
	size_t below;
	long long now;
	bool tried;             /* a candidate matched by name or key id */
	char how[24];           /* how the found issuer's signature was made (else the last candidate's) */
	enum issuer_fit fit;    /* of the issuer found */
	char why[120];          /* FIT_NOT_CA: the rule it breaks */
};

/* A verified issuer that is not the best kind: kept in case no better one turns up. */
struct fallback {
	const struct pool_cert *cert;
	char how[24], why[120];
};

static const struct pool_cert *take(struct issuer_search *s, const struct fallback *f, enum issuer_fit fit)
{
	s->fit = fit;
	snprintf(s->how, sizeof(s->how), "%s", f->how);
	snprintf(s->why, sizeof(s->why), "%s", f->why);
	return f->cert;
}

/* Where issuers are looked for, in order. The certificates that came with the EK certificate (NV chain, AIA) come
 * first, but a root among them comes after the cab's roots: the same root given both ways is the cab's anchor. */
static const struct { enum cert_source source; bool roots; } search_order[] = {
	{ SOURCE_NV, false }, { SOURCE_AIA, false }, { SOURCE_SERVICE, false }, { SOURCE_CAB_INTERMEDIATE, true },
	{ SOURCE_CAB_ROOT, true }, { SOURCE_PINNED_ROOT, true }, { SOURCE_NV, true }, { SOURCE_AIA, true },
	{ SOURCE_SERVICE, true },
};

static bool in_turn(const struct pool_cert *c, size_t turn)
{
	enum cert_source source = search_order[turn].source;
	bool from_cab = source == SOURCE_CAB_INTERMEDIATE || is_anchor(source);
	return c->source == source && (from_cab || c->facts.self_issued == search_order[turn].roots);
}

/* The issuer of s->cur whose signature verifies: a fitting one, else one out of date, else one that is not a CA. */
static const struct pool_cert *find_issuer(struct cert_pool *pool, struct issuer_search *s)
{
	struct fallback out_of_date = { NULL, "", "" }, not_ca = { NULL, "", "" }, *keep;
	char why[sizeof(s->why)];
	for (size_t o = 0; o < sizeof(search_order) / sizeof(search_order[0]); o++)
		for (size_t i = 0; i < pool->count; i++) {
			struct pool_cert *c = &pool->certs[i];
			if (!in_turn(c, o) || &c->facts == s->cur || !may_issue(s->cur, &c->facts))
				continue;
			s->tried = true;
			if (!c->key_tried) { /* lazily: most of a cab's CAs are never a candidate */
				c->pk = parse_key(&c->facts);
				c->key_tried = true;
			}
			if (!cert_signed_by(s->cur, c, s->how, sizeof(s->how)))
				continue;
			why[0] = 0;
			enum issuer_fit fit = judge_issuer(c, s->below, s->now, why, sizeof(why));
			if (fit == FIT_GOOD)
				return s->fit = FIT_GOOD, c;
			keep = fit == FIT_OUT_OF_DATE ? &out_of_date : &not_ca;
			if (!keep->cert) {
				keep->cert = c;
				snprintf(keep->how, sizeof(keep->how), "%s", s->how);
				snprintf(keep->why, sizeof(keep->why), "%s", why);
			}
		}
	if (out_of_date.cert)
		return take(s, &out_of_date, FIT_OUT_OF_DATE);
	return not_ca.cert ? take(s, &not_ca, FIT_NOT_CA) : NULL;
}

static void note_missing(struct chain_result *out, const struct cert_facts *cur, enum chain_state state)
{
	out->state = state;
	snprintf(out->missing_issuer_cn, sizeof(out->missing_issuer_cn), "%s", cur->issuer_cn);
	snprintf(out->missing_issuer_url, sizeof(out->missing_issuer_url), "%s", cur->ca_issuers_url);
}

/* The issuer found breaks a CA rule: the chain stops there, and says which certificate and which rule. */
static void note_not_ca(struct chain_result *out, const struct pool_cert *issuer, const char *why)
{
	out->state = CHAIN_ISSUER_NOT_CA;
	snprintf(out->problem, sizeof(out->problem), "issuer \"%.80s\" (%s) %s",
		 issuer->facts.subject_cn[0] ? issuer->facts.subject_cn : issuer->name, source_name(issuer->source), why);
}

void chain_build(struct cert_pool *pool, const struct cert_facts *leaf, long long now, struct chain_result *out)
{
	memset(out, 0, sizeof(*out));
	const struct cert_facts *cur = leaf;
	enum cert_source cur_source = SOURCE_LEAF;
	size_t below = 0; /* intermediates so far that are not self-issued */
	record_step(out, leaf, SOURCE_LEAF, "EK certificate");
	while (out->steps <= CHAIN_DEPTH_MAX) {
		if (cur->self_issued && cur_source != SOURCE_LEAF) {
			out->state = is_anchor(cur_source) ? CHAIN_TRUSTED : CHAIN_UNTRUSTED_ROOT;
			return;
		}
		struct issuer_search search = { .cur = cur, .below = below, .now = now };
		const struct pool_cert *issuer = find_issuer(pool, &search);
		snprintf(out->step[out->steps - 1].signature, sizeof(out->step[0].signature), "%s", search.how);
		if (!issuer) {
			enum chain_state s = search.tried ? CHAIN_BAD_SIGNATURE
					     : cur_source == SOURCE_CAB_INTERMEDIATE ? CHAIN_NO_ROOT_IN_CAB : CHAIN_MISSING_ISSUER;
			note_missing(out, cur, s);
			return;
		}
		record_step(out, &issuer->facts, issuer->source, issuer->name);
		if (search.fit == FIT_NOT_CA)
			return note_not_ca(out, issuer, search.why);
		if (search.fit == FIT_OUT_OF_DATE && !out->out_of_date_step)
			out->out_of_date_step = out->steps - 1;
		if (is_anchor(issuer->source) && !issuer->facts.self_issued) {
			out->state = CHAIN_TRUSTED; /* a cross-signed root the cab lists as a root is an anchor too */
			return;
		}
		cur = &issuer->facts;
		cur_source = issuer->source;
		below += !cur->self_issued;
	}
	note_missing(out, cur, CHAIN_MISSING_ISSUER);
}

const char *chain_state_name(enum chain_state s)
{
	static const char *names[] = { "trusted", "no-root-in-cab", "missing-issuer", "bad-signature", "untrusted-root",
				       "issuer-not-ca" };
	return names[s];
}
