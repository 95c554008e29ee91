/*
 * cert_signature.c - verify one certificate signature with mbed TLS from the
 * spans cert_facts.c recorded: hash the TBSCertificate with the algorithm the
 * signature OID names (RFC 4055, RFC 5758, RFC 3279), then check it with the
 * issuer's key (PKCS#1 v1.5, RSASSA-PSS with its parameters, or ECDSA).
 */
#include "checks/ekcert/cert_chain.h"
#include <mbedtls/md.h>
#include <mbedtls/pk.h>
#include <stdio.h>
#include <string.h>

struct sig_alg {
	uint8_t oid[9];
	size_t oid_len;
	mbedtls_md_type_t md;
	mbedtls_pk_type_t pk;
	const char *name;
};

static const struct sig_alg algs[] = {
	{ { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x05 }, 9, MBEDTLS_MD_SHA1, MBEDTLS_PK_RSA, "RSA PKCS#1 SHA-1" },
	{ { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B }, 9, MBEDTLS_MD_SHA256, MBEDTLS_PK_RSA, "RSA PKCS#1 SHA-256" },
	{ { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0C }, 9, MBEDTLS_MD_SHA384, MBEDTLS_PK_RSA, "RSA PKCS#1 SHA-384" },
	{ { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0D }, 9, MBEDTLS_MD_SHA512, MBEDTLS_PK_RSA, "RSA PKCS#1 SHA-512" },
	{ { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A }, 9, MBEDTLS_MD_NONE, MBEDTLS_PK_RSASSA_PSS, "RSA PSS" },
	{ { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x01 }, 7, MBEDTLS_MD_SHA1, MBEDTLS_PK_ECDSA, "ECDSA SHA-1" },
	{ { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02 }, 8, MBEDTLS_MD_SHA256, MBEDTLS_PK_ECDSA, "ECDSA SHA-256" },
	{ { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x03 }, 8, MBEDTLS_MD_SHA384, MBEDTLS_PK_ECDSA, "ECDSA SHA-384" },
	{ { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x04 }, 8, MBEDTLS_MD_SHA512, MBEDTLS_PK_ECDSA, "ECDSA SHA-512" },
};

static const uint8_t OID_SHA1[] = { 0x2B, 0x0E, 0x03, 0x02, 0x1A };
static const uint8_t OID_SHA2_PREFIX[] = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02 }; /* + 1/2/3 */

static mbedtls_md_type_t hash_from_oid(const struct der *oid)
{
	if (der_oid_is(oid, OID_SHA1, sizeof(OID_SHA1)))
		return MBEDTLS_MD_SHA1;
	if (oid->len != sizeof(OID_SHA2_PREFIX) + 1 || memcmp(oid->p, OID_SHA2_PREFIX, sizeof(OID_SHA2_PREFIX)) != 0)
		return MBEDTLS_MD_NONE;
	switch (oid->p[sizeof(OID_SHA2_PREFIX)]) {
	case 1: return MBEDTLS_MD_SHA256;
	case 2: return MBEDTLS_MD_SHA384;
	case 3: return MBEDTLS_MD_SHA512;
	default: return MBEDTLS_MD_NONE;
	}
}

/* RFC 4055 3.1 RSASSA-PSS-params: hashAlgorithm [0] (default SHA-1), mgf [1] MGF1 with the same hash. */
static mbedtls_md_type_t pss_hash(struct der params)
{
	struct der seq, field, alg, oid;
	uint8_t tag;
	if (!der_expect(&params, DER_SEQUENCE, &seq, NULL))
		return MBEDTLS_MD_SHA1;
	while (der_next(&seq, &tag, &field, NULL))
		if (tag == 0xA0 && der_expect(&field, DER_SEQUENCE, &alg, NULL) && der_expect(&alg, DER_OID, &oid, NULL))
			return hash_from_oid(&oid);
	return MBEDTLS_MD_SHA1;
}

bool cert_signed_by(const struct cert_facts *subject, const struct pool_cert *issuer, char *how, size_t how_len)
{
	const struct sig_alg *alg = NULL;
	for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]) && !alg; i++)
		if (der_oid_is(&subject->sig_oid, algs[i].oid, algs[i].oid_len))
			alg = &algs[i];
	snprintf(how, how_len, "%s", alg ? alg->name : "unknown algorithm");
	if (!alg || !issuer->pk)
		return false;
	mbedtls_md_type_t md = alg->pk == MBEDTLS_PK_RSASSA_PSS ? pss_hash(subject->sig_params) : alg->md;
	const mbedtls_md_info_t *info = mbedtls_md_info_from_type(md);
	uint8_t digest[MBEDTLS_MD_MAX_SIZE];
	if (!info || mbedtls_md(info, subject->tbs.p, subject->tbs.len, digest) != 0)
		return false;
	mbedtls_pk_context *pk = issuer->pk;
	if (alg->pk == MBEDTLS_PK_RSASSA_PSS) {
		mbedtls_pk_rsassa_pss_options opts = { md, MBEDTLS_RSA_SALT_LEN_ANY };
		return mbedtls_pk_verify_ext(MBEDTLS_PK_RSASSA_PSS, &opts, pk, md, digest, mbedtls_md_get_size(info),
					     subject->signature.p, subject->signature.len) == 0;
	}
	if (!mbedtls_pk_can_do(pk, alg->pk))
		return false;
	return mbedtls_pk_verify(pk, md, digest, mbedtls_md_get_size(info), subject->signature.p,
				 subject->signature.len) == 0;
}
