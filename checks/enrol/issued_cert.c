/* issued_cert.c - see issued_cert.h. */
#include "checks/enrol/issued_cert.h"
#include "checks/ekcert/cert_chain.h"
#include "checks/ekcert/scep_certs.h"
#include "checks/enrol/aik_key.h"
#include "checks/enrol/enrol_oids.h"
#include <stdio.h>
#include <string.h>

static bool holds_aik(const struct cert_facts *f, const TPM2B_PUBLIC *aik)
{
	const uint8_t *n;
	size_t len;
	uint32_t e;
	if (aik_rsa_key(aik, &n, &len, &e) != 0 || f->key_type != KEY_RSA)
		return false;
	while (len && n[0] == 0)
		n++, len--;
	return f->rsa_modulus.len == len && memcmp(f->rsa_modulus.p, n, len) == 0 && f->rsa_exponent == e;
}

/* The certificate with the AIK's key among the container's; 1 found, 0 none, -1 unreadable. */
static int find_leaf(const uint8_t *p, size_t len, const TPM2B_PUBLIC *aik, struct cert_facts *leaf)
{
	struct scep_certs certs;
	const char *why;
	if (scep_certs_parse(p, len, &certs, &why) != 0) {
		if (cert_facts_parse(p, len, leaf, &why) != 0)
			return -1;
		return holds_aik(leaf, aik);
	}
	for (size_t i = 0; i < certs.count; i++)
		if (cert_facts_parse(certs.cert[i].p, certs.cert[i].len, leaf, &why) == 0 && holds_aik(leaf, aik))
			return 1;
	return certs.count ? 0 : -1;
}

static bool same(const struct der *a, const struct der *b)
{
	return a->len == b->len && memcmp(a->p, b->p, a->len) == 0;
}

/* Verified by the AIK CA, the AIK CA by the root: chain_build over a pool of just those two (RFC 5280 6.1). */
static const char *verify_chain(const struct cert_facts *leaf, const struct issued_anchors *a, long long now)
{
	struct cert_pool pool;
	struct chain_result chain;
	const char *why = NULL;
	cert_pool_init(&pool);
	cert_pool_add(&pool, a->aik_ca, a->aik_ca_len, SOURCE_SERVICE, "the AIK CA of GetCACertChain");
	cert_pool_add(&pool, a->root, a->root_len, SOURCE_PINNED_ROOT, "the root of GetCACertChain");
	if (pool.count != 2)
		why = "the AIK CA or the root of GetCACertChain cannot be read";
	else {
		chain_build(&pool, leaf, now, &chain);
		if (chain.state != CHAIN_TRUSTED)
			why = "it does not verify to the AIK CA and Microsoft's TPM root of GetCACertChain";
		else if (chain.steps < 2 || !chain.step[1].facts || !same(&chain.step[1].facts->spki, &pool.certs[0].facts.spki))
			why = "it is not issued by the AIK CA of GetCACertChain";
	}
	cert_pool_free(&pool);
	return why;
}

static void describe(const struct cert_facts *f, struct issued_cert *out)
{
	cert_serial_hex(f, out->serial, sizeof(out->serial));
	snprintf(out->issuer, sizeof(out->issuer), "%s", f->issuer_cn);
	out->not_before = f->not_before;
	out->not_after = f->not_after;
	cert_sha256_hex(f, out->sha256);
}

enum issued_fault issued_cert_check(const uint8_t *content, size_t len, const struct issued_anchors *anchors,
				    const TPM2B_PUBLIC *aik, long long now, struct issued_cert *out, char *why,
				    size_t why_len)
{
	struct cert_facts leaf;
	memset(out, 0, sizeof(*out));
	int found = find_leaf(content, len, aik, &leaf);
	if (found < 0) {
		snprintf(why, why_len, "the issued content is neither a PKCS#7 of certificates nor a certificate");
		return ISSUED_UNREADABLE;
	}
	if (found == 0) {
		snprintf(why, why_len, "no certificate issued holds the AIK's public key");
		return ISSUED_INVALID;
	}
	describe(&leaf, out);
	const char *problem = verify_chain(&leaf, anchors, now);
	if (!problem && !leaf.eku_aik_certificate)
		problem = "it lacks the extended key usage tcg-kp-AIKCertificate (2.23.133.8.3)";
	if (!problem && (now < leaf.not_before || now > leaf.not_after))
		problem = "it is outside its validity";
	if (problem) {
		snprintf(why, why_len, "the AIK certificate issued: %s", problem);
		return ISSUED_INVALID;
	}
	return ISSUED_OK;
}
