/*
 * aik_service_chain.c - see aik_service_chain.h. The certificates of the
 * answer go into a pool of their own (SOURCE_SERVICE) with the trust anchors:
 * the cab's Microsoft\RootCA certificates, and a certificate of the answer
 * whose SHA-256 is the pinned one. chain_build (cert_chain.c) then walks each
 * certificate to an anchor with every signature verified and every issuer a
 * CA (RFC 5280 6.1), as for an EK certificate.
 */
#include "checks/ekcert/aik_service_chain.h"
#include "checks/ekcert/cert_chain.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

/*
 * Microsoft TPM Root Certificate Authority 2014 (valid 2014-12-10 to 2039-12-10): the SHA-256 of TrustedTpm.cab's
 * Microsoft\RootCA\Microsoft TPM Root Certificate Authority 2014.cer, which Microsoft also publishes at the
 * caIssuers URL of every AIK CA, http://www.microsoft.com/pkiops/certs/Microsoft%20TPM%20Root%20Certificate%20
 * Authority%202014.crt (docs/attestation-facts.md §10; test_aik_chain.c checks it against the real cab). It anchors
 * the chain when no cab is at hand.
 */
const char aik_root_pinned_sha256[65] = "870c7a35ceab3d59979f2c6a524042d404cb71518004350925fb2ced79a999da";

const char *aik_chain_state_name(enum aik_chain_state s)
{
	static const char *names[] = { "verified", "unparseable", "empty", "untrusted", "incomplete", "aik-ca-differs",
				       "out-of-date", "ra-unverified" };
	return names[s];
}

const char *aik_cert_role_name(enum aik_cert_role r)
{
	static const char *names[] = { "root", "aik-ca", "ca", "ra-signing", "ra-encryption", "ra" };
	return names[r];
}

static void name_text(char *out, size_t len, const char *cn, const struct der *name)
{
	if (cn[0])
		snprintf(out, len, "%s", cn);
	else if (name->len * 2 + 1 <= len)
		hex_lower(out, name->p, name->len);
	else
		snprintf(out, len, "(a name without a common name)");
}

/* RA certificates are end-entity certificates (SCEP's RA signs and decrypts; RFC 8894 2.1); which is which by
 * keyUsage: digitalSignature signs, keyEncipherment or dataEncipherment decrypts. */
static enum aik_cert_role role_of(const struct cert_facts *f)
{
	if (f->self_issued)
		return AIK_CERT_ROOT;
	if (f->is_ca)
		return AIK_CERT_CA;
	bool sign = f->key_usage & KEY_USAGE_DIGITAL_SIGNATURE;
	bool decrypt = f->key_usage & (KEY_USAGE_KEY_ENCIPHERMENT | KEY_USAGE_DATA_ENCIPHERMENT);
	return sign && !decrypt ? AIK_CERT_RA_SIGNING : decrypt && !sign ? AIK_CERT_RA_ENCRYPTION : AIK_CERT_RA;
}

static void describe(struct aik_chain_cert *c, const struct cert_facts *f)
{
	c->role = role_of(f);
	name_text(c->subject, sizeof(c->subject), f->subject_cn, &f->subject);
	name_text(c->issuer, sizeof(c->issuer), f->issuer_cn, &f->issuer);
	cert_serial_hex(f, c->serial, sizeof(c->serial));
	c->not_before = f->not_before;
	c->not_after = f->not_after;
	cert_sha256_hex(f, c->sha256);
}

/* The anchors: the cab's Microsoft\RootCA files (DER or PEM), and any certificate of the answer with the pinned
 * fingerprint. */
static void add_anchors(struct cert_pool *pool, const struct trust_store *store, const struct aik_chain_result *r,
			const struct scep_certs *certs)
{
	for (size_t i = 0; store && i < store->count; i++) {
		const struct cab_entry *e = store->files[i].entry;
		if (store->files[i].role != ROLE_AIK_ROOT)
			continue;
		if (e->len && e->data[0] == 0x30)
			cert_pool_add(pool, e->data, e->len, SOURCE_CAB_ROOT, e->name);
		else
			cert_pool_add_copy(pool, e->data, e->len, SOURCE_CAB_ROOT, e->name);
	}
	for (size_t i = 0; i < r->count; i++)
		if (strcmp(r->cert[i].sha256, aik_root_pinned_sha256) == 0)
			cert_pool_add(pool, certs->cert[i].p, certs->cert[i].len, SOURCE_PINNED_ROOT,
				      "pinned SHA-256 870c7a35...a999da (Microsoft TPM Root Certificate Authority 2014)");
}

static bool is_anchor_key(const struct cert_pool *pool, const struct cert_facts *f)
{
	for (size_t i = 0; i < pool->count; i++) {
		const struct cert_facts *a = &pool->certs[i].facts;
		bool anchor = pool->certs[i].source == SOURCE_CAB_ROOT || pool->certs[i].source == SOURCE_PINNED_ROOT;
		if (anchor && a->spki.len == f->spki.len && memcmp(a->spki.p, f->spki.p, f->spki.len) == 0 &&
		    a->subject.len == f->subject.len && memcmp(a->subject.p, f->subject.p, f->subject.len) == 0)
			return true;
	}
	return false;
}

static void chain_problem(const struct chain_result *c, char *out, size_t len)
{
	const char *last = c->steps ? c->step[c->steps - 1].subject_cn : "";
	if (c->state == CHAIN_UNTRUSTED_ROOT)
		snprintf(out, len, "its chain ends at \"%.60s\", not Microsoft's TPM root", last);
	else if (c->state == CHAIN_BAD_SIGNATURE)
		snprintf(out, len, "the signature by \"%.60s\" does not verify", c->missing_issuer_cn);
	else if (c->state == CHAIN_ISSUER_NOT_CA)
		snprintf(out, len, "%.150s", c->problem);
	else
		snprintf(out, len, "its issuer \"%.60s\" is neither in the answer nor Microsoft's TPM root",
			 c->missing_issuer_cn);
}

/* One certificate of the answer: a root must be an anchor; any other must chain to one. */
static void verify_one(struct cert_pool *pool, const struct pool_cert *pc, long long now, struct aik_chain_cert *c,
		       char *anchor, size_t anchor_len)
{
	const struct cert_facts *f = &pc->facts;
	if (c->role == AIK_CERT_ROOT) {
		c->verified = is_anchor_key(pool, f);
		if (!c->verified)
			snprintf(c->problem, sizeof(c->problem), "a root that is not Microsoft's TPM root (neither in the cab's "
				 "Microsoft\\RootCA nor of the pinned fingerprint)");
		return;
	}
	struct chain_result chain;
	chain_build(pool, f, now, &chain);
	c->verified = chain.state == CHAIN_TRUSTED;
	c->out_of_date = now < f->not_before || now > f->not_after || chain.out_of_date_step;
	if (!c->verified)
		chain_problem(&chain, c->problem, sizeof(c->problem));
	else if (c->role == AIK_CERT_AIK_CA || !anchor[0])
		snprintf(anchor, anchor_len, "[%s] %s", chain.step[chain.steps - 1].source, chain.step[chain.steps - 1].name);
}

/* The AIK CA: the CA below the root that names this id (CN "[REGION-]MFR-KEYID-HEX"), else the first such CA. */
static int find_aik_ca(struct aik_chain_result *r, const struct cert_pool *pool, const size_t *in_pool,
		       const struct aik_id *id)
{
	int first = -1;
	for (size_t i = 0; i < r->count; i++) {
		if (r->cert[i].role != AIK_CERT_CA)
			continue;
		struct aik_id named;
		if (in_pool[i] < pool->count && aik_id_find(pool->certs[in_pool[i]].facts.subject_cn, &named) &&
		    strcmp(named.canonical, id->canonical) == 0)
			return (int)i;
		if (first < 0)
			first = (int)i;
	}
	return first;
}

/* Compares the AIK CA with the cab's files for the id, by public key (SubjectPublicKeyInfo): each region (EUS-,
 * NCU-, WUS-, none) and each renewal (_new, _2) is a CA of its own with its own key (measured on the 2024-11-21
 * cab), so the service's must be one of them; names alone would not tell a renewal the cab lacks. */
static void compare_with_cab(const struct trust_store *store, const struct aik_id *id, const struct cert_facts *ca,
			     struct aik_chain_result *r)
{
	struct aik_id named;
	if (!aik_id_find(ca->subject_cn, &named) || strcmp(named.canonical, id->canonical) != 0) {
		r->state = AIK_CHAIN_CA_DIFFERS;
		snprintf(r->cab_match, sizeof(r->cab_match), "the AIK CA \"%.60s\" names another id than %s", ca->subject_cn,
			 id->canonical);
		return;
	}
	struct cert_pool cab;
	cert_pool_init(&cab);
	for (size_t i = 0; store && i < store->count; i++)
		if (store->files[i].role == ROLE_AIK_CA && strcmp(store->files[i].id.canonical, id->canonical) == 0)
			cert_pool_add_copy(&cab, store->files[i].entry->data, store->files[i].entry->len, SOURCE_CAB_INTERMEDIATE,
					   store->files[i].entry->name);
	const char *same = NULL;
	for (size_t i = 0; i < cab.count && !same; i++)
		if (cab.certs[i].facts.spki.len == ca->spki.len && memcmp(cab.certs[i].facts.spki.p, ca->spki.p, ca->spki.len) == 0)
			same = cab.certs[i].name;
	if (same)
		snprintf(r->cab_match, sizeof(r->cab_match), "the cab's %.120s (same public key)", same);
	else if (!cab.count)
		snprintf(r->cab_match, sizeof(r->cab_match), "not compared: %s lists no AIK CA for %s",
			 store ? "TrustedTpm.cab" : "no TrustedTpm.cab", id->canonical);
	else {
		r->state = AIK_CHAIN_CA_DIFFERS;
		snprintf(r->cab_match, sizeof(r->cab_match), "differs: none of the cab's %zu file(s) for %s has its public key",
			 cab.count, id->canonical);
	}
	cert_pool_free(&cab);
}

/* Reads the answer's certificates into the pool and describes each; false when one is malformed. */
static bool read_certs(const struct scep_certs *certs, struct cert_pool *pool, size_t *in_pool, struct aik_chain_result *r)
{
	for (size_t i = 0; i < certs->count; i++) {
		char name[32];
		snprintf(name, sizeof(name), "GetCACertChain #%zu", i + 1);
		in_pool[i] = pool->count;
		cert_pool_add(pool, certs->cert[i].p, certs->cert[i].len, SOURCE_SERVICE, name);
		if (pool->count == in_pool[i]) {
			struct cert_facts f;
			const char *why = "out of memory";
			if (cert_facts_parse(certs->cert[i].p, certs->cert[i].len, &f, &why) == 0)
				why = "out of memory";
			r->state = AIK_CHAIN_UNPARSEABLE;
			snprintf(r->problem, sizeof(r->problem), "certificate %zu of the answer cannot be read: %s", i + 1, why);
			return false;
		}
		describe(&r->cert[r->count++], &pool->certs[in_pool[i]].facts);
	}
	return true;
}

static bool has_ra(const struct aik_chain_result *r)
{
	for (size_t i = 0; i < r->count; i++)
		if (r->cert[i].role >= AIK_CERT_RA_SIGNING)
			return true;
	return false;
}

/* The state, in order of weight: a certificate that does not verify, a missing part, the cab's disagreement, dates. */
static void judge_chain(struct aik_chain_result *r, const struct cert_pool *pool, const size_t *in_pool,
			const struct trust_store *store, const struct aik_id *id)
{
	int ra_unverified = -1;
	for (size_t i = 0; i < r->count; i++)
		if (!r->cert[i].verified && r->cert[i].role >= AIK_CERT_RA_SIGNING) {
			if (ra_unverified < 0)
				ra_unverified = (int)i;
		} else if (!r->cert[i].verified) {
			r->state = AIK_CHAIN_UNTRUSTED;
			snprintf(r->problem, sizeof(r->problem), "%s \"%.60s\": %s", aik_cert_role_name(r->cert[i].role),
				 r->cert[i].subject, r->cert[i].problem);
			return;
		}
	/* Who issues the RA certificates is known only from a public reconstruction of the protocol
	 * (docs/attestation-facts.md §10): one that does not verify is worth a warning, never a FAIL. */
	if (ra_unverified >= 0) {
		r->state = AIK_CHAIN_RA_UNVERIFIED;
		snprintf(r->problem, sizeof(r->problem), "%s \"%.60s\": %s", aik_cert_role_name(r->cert[ra_unverified].role),
			 r->cert[ra_unverified].subject, r->cert[ra_unverified].problem);
		return;
	}
	if (r->aik_ca < 0 || !has_ra(r)) {
		r->state = AIK_CHAIN_INCOMPLETE;
		snprintf(r->problem, sizeof(r->problem), "the answer has no %s", r->aik_ca < 0 ? "AIK CA (a CA below the root)"
			 : "RA certificate (SCEP's registration authority, to which Windows encrypts its request)");
		return;
	}
	compare_with_cab(store, id, &pool->certs[in_pool[r->aik_ca]].facts, r);
	if (r->state == AIK_CHAIN_CA_DIFFERS) {
		snprintf(r->problem, sizeof(r->problem), "the AIK CA \"%.60s\": %s", r->cert[r->aik_ca].subject, r->cab_match);
		return;
	}
	for (size_t i = 0; i < r->count; i++)
		if (r->cert[i].out_of_date) {
			r->state = AIK_CHAIN_OUT_OF_DATE;
			snprintf(r->problem, sizeof(r->problem), "%s \"%.60s\", or a CA above it, is outside its validity",
				 aik_cert_role_name(r->cert[i].role), r->cert[i].subject);
			return;
		}
}

void aik_chain_verify(const uint8_t *body, size_t len, const struct trust_store *store, const struct aik_id *id,
		      long long now, struct aik_chain_result *out)
{
	memset(out, 0, sizeof(*out));
	out->aik_ca = -1;
	struct scep_certs certs;
	const char *why;
	if (scep_certs_parse(body, len, &certs, &why) != 0) {
		out->state = AIK_CHAIN_UNPARSEABLE;
		snprintf(out->problem, sizeof(out->problem), "the answer is not a certs-only CMS message: %s", why);
		return;
	}
	if (!certs.count) {
		out->state = AIK_CHAIN_EMPTY;
		snprintf(out->problem, sizeof(out->problem), "the certs-only message holds no certificate");
		return;
	}
	struct cert_pool pool;
	size_t in_pool[SCEP_CERTS_MAX];
	cert_pool_init(&pool);
	if (read_certs(&certs, &pool, in_pool, out)) {
		add_anchors(&pool, store, out, &certs);
		out->aik_ca = find_aik_ca(out, &pool, in_pool, id);
		if (out->aik_ca >= 0)
			out->cert[out->aik_ca].role = AIK_CERT_AIK_CA;
		for (size_t i = 0; i < out->count; i++)
			verify_one(&pool, &pool.certs[in_pool[i]], now, &out->cert[i], out->anchor, sizeof(out->anchor));
		judge_chain(out, &pool, in_pool, store, id);
	}
	cert_pool_free(&pool);
}
