/*
 * authenticode_verify.c - see authenticode.h.
 *
 * Time: code-signing certificates live a year, and a signed file stays valid
 * after its signer expires because a time-stamp countersignature proves when
 * it was signed (Microsoft, "Time Stamping Authenticode Signatures",
 * https://learn.microsoft.com/windows/win32/seccrypto/time-stamping-authenticode-signatures).
 * The time stamp itself is not verified here; instead every certificate of
 * the chain must have been valid on `signed_on` - for a TrustedTpm.cab the date
 * its version.txt gives - allowing a signer certificate issued up to 31 days
 * after that date (the cab is signed after it is made: the 2024-11-21 cab was
 * time-stamped on 2024-11-22). So a cab can only carry a date its signer was
 * valid on, and the refresh accepts only cabs newer than the one in use and
 * not dated in the future (cab_refresh.c).
 */
#include "checks/cab/authenticode.h"
#include <mbedtls/oid.h>
#include <mbedtls/pk.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checks/x509/cert_time.h"

static const uint8_t OID_CONTENT_TYPE[] = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x03 };   /* RFC 2985 5.3.1 */
static const uint8_t OID_MESSAGE_DIGEST[] = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x04 }; /* RFC 2985 5.3.2 */
static const uint8_t OID_SPC_INDIRECT[] = { 0x2B, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x01, 0x04 };

enum { SIGNER_ISSUED_AFTER_S = 31 * 86400 };

/* RFC 2315 9.2: exactly one contentType (the content's type) and one messageDigest, the digest of the content's
 * contents octets (9.3: without its identifier and length octets). */
static const char *check_attributes(const struct authenticode *a)
{
	uint8_t expected[MBEDTLS_MD_MAX_SIZE];
	const mbedtls_md_info_t *md = mbedtls_md_info_from_type(a->signer_md);
	if (!md || mbedtls_md(md, a->indirect_content.p, a->indirect_content.len, expected) != 0)
		return "its signed digest cannot be computed";
	struct der attrs = { a->signed_attributes.p, a->signed_attributes.len }, header, attr, oid, values, value;
	uint8_t tag;
	der_next(&attrs, &tag, &header, NULL);
	attrs = header;
	int types = 0, digests = 0;
	bool type_ok = false, digest_ok = false;
	while (attrs.len) {
		if (!der_expect(&attrs, DER_SEQUENCE, &attr, NULL) || !der_expect(&attr, DER_OID, &oid, NULL) ||
		    !der_expect(&attr, DER_SET, &values, NULL))
			return "its authenticated attributes are malformed";
		if (der_oid_is(&oid, OID_CONTENT_TYPE, sizeof(OID_CONTENT_TYPE))) {
			types++;
			type_ok = der_expect(&values, DER_OID, &value, NULL) && !values.len &&
				  der_oid_is(&value, OID_SPC_INDIRECT, sizeof(OID_SPC_INDIRECT));
		} else if (der_oid_is(&oid, OID_MESSAGE_DIGEST, sizeof(OID_MESSAGE_DIGEST))) {
			digests++;
			digest_ok = der_expect(&values, DER_OCTET_STRING, &value, NULL) && !values.len &&
				    value.len == mbedtls_md_get_size(md) && memcmp(value.p, expected, value.len) == 0;
		}
	}
	if (types != 1 || !type_ok)
		return "its authenticated contentType is missing or not SpcIndirectDataContent";
	if (digests != 1 || !digest_ok)
		return "its authenticated messageDigest does not match the signed content";
	return NULL;
}

/* RFC 2315 9.3: the signature covers the DER of the attributes with the SET OF tag in place of [0] IMPLICIT. */
static const char *check_signature(const struct authenticode *a, mbedtls_x509_crt *signer)
{
	uint8_t hash[MBEDTLS_MD_MAX_SIZE];
	const mbedtls_md_info_t *md = mbedtls_md_info_from_type(a->signer_md);
	uint8_t *attrs = malloc(a->signed_attributes.len);
	if (!attrs)
		return "out of memory";
	memcpy(attrs, a->signed_attributes.p, a->signed_attributes.len);
	attrs[0] = DER_SET;
	int r = mbedtls_md(md, attrs, a->signed_attributes.len, hash);
	free(attrs);
	if (r != 0 || mbedtls_pk_verify(&signer->pk, a->signer_md, hash, mbedtls_md_get_size(md), a->signature.p,
					a->signature.len) != 0)
		return "its signature over the signed attributes does not verify with the signer's key";
	return NULL;
}

static void common_name(const mbedtls_x509_name *n, char *out, size_t len)
{
	snprintf(out, len, "(no common name)");
	for (; n; n = n->next)
		if (MBEDTLS_OID_CMP(MBEDTLS_OID_AT_CN, &n->oid) == 0)
			snprintf(out, len, "%.*s", (int)n->val.len, (const char *)n->val.p);
}

/* The signer (issuerAndSerialNumber) first, then the other certificates it may chain through. */
static int parse_chain(const struct authenticode *a, mbedtls_x509_crt *chain)
{
	mbedtls_x509_crt all;
	mbedtls_x509_crt_init(&all);
	struct der certs = a->certificates, value, whole;
	uint8_t tag;
	while (der_next(&certs, &tag, &value, &whole))
		mbedtls_x509_crt_parse_der(&all, whole.p, whole.len); /* one that does not parse cannot be the signer */
	const mbedtls_x509_crt *signer = NULL;
	for (const mbedtls_x509_crt *c = &all; c && c->raw.p && !signer; c = c->next)
		if (c->issuer_raw.len == a->signer_issuer.len && !memcmp(c->issuer_raw.p, a->signer_issuer.p, c->issuer_raw.len) &&
		    c->serial.len == a->signer_serial.len && !memcmp(c->serial.p, a->signer_serial.p, c->serial.len))
			signer = c;
	int r = signer ? mbedtls_x509_crt_parse_der(chain, signer->raw.p, signer->raw.len) : -1;
	for (const mbedtls_x509_crt *c = &all; r == 0 && c && c->raw.p; c = c->next)
		if (c != signer)
			mbedtls_x509_crt_parse_der(chain, c->raw.p, c->raw.len);
	mbedtls_x509_crt_free(&all);
	return r;
}

struct dated_check {
	long long signed_on;
	char outside[200]; /* the first certificate not valid on that date */
};

/* mbed TLS judges validity by the clock; here it is judged at the signing date instead. */
static int judge_at_signing_date(void *ctx, mbedtls_x509_crt *crt, int depth, uint32_t *flags)
{
	struct dated_check *d = ctx;
	*flags &= ~(uint32_t)(MBEDTLS_X509_BADCERT_EXPIRED | MBEDTLS_X509_BADCERT_FUTURE);
	long long from = x509_time_to_unix(&crt->valid_from), to = x509_time_to_unix(&crt->valid_to);
	long long slack = depth == 0 ? SIGNER_ISSUED_AFTER_S : 0;
	if (from - slack > d->signed_on || to < d->signed_on) {
		*flags |= MBEDTLS_X509_BADCERT_OTHER;
		if (!d->outside[0]) {
			char cn[96], a[32], b[32];
			common_name(&crt->subject, cn, sizeof(cn));
			format_unix_iso(a, sizeof(a), from);
			format_unix_iso(b, sizeof(b), to);
			snprintf(d->outside, sizeof(d->outside), "\"%s\" (valid %.10s to %.10s) was not valid on the date it signed",
				 cn, a, b);
		}
	}
	return 0;
}

static const char *check_chain(mbedtls_x509_crt *chain, mbedtls_x509_crt *root, long long signed_on, char *why,
			       size_t why_len)
{
	struct dated_check d = { .signed_on = signed_on };
	uint32_t flags = 0;
	int r = mbedtls_x509_crt_verify_with_profile(chain, root, NULL, &mbedtls_x509_crt_profile_default, NULL, &flags,
						     judge_at_signing_date, &d);
	if (r == 0)
		return NULL;
	char root_cn[96];
	common_name(&root->subject, root_cn, sizeof(root_cn));
	if (flags & MBEDTLS_X509_BADCERT_NOT_TRUSTED)
		snprintf(why, why_len, "its certificates do not chain to \"%s\"", root_cn);
	else if (d.outside[0])
		snprintf(why, why_len, "its certificate %s", d.outside);
	else
		snprintf(why, why_len, "its certificate chain to \"%s\" does not verify (mbed TLS flags 0x%x)", root_cn,
			 (unsigned)flags);
	return why;
}

int authenticode_verify(const struct authenticode *a, mbedtls_x509_crt *root, long long signed_on, char *signer,
			size_t signer_len, char *why, size_t why_len)
{
	mbedtls_x509_crt chain;
	mbedtls_x509_crt_init(&chain);
	const char *problem = check_attributes(a);
	if (!problem && parse_chain(a, &chain) != 0)
		problem = "it does not carry the signer's certificate";
	if (!problem) {
		common_name(&chain.subject, signer, signer_len);
		problem = check_signature(a, &chain);
	}
	if (!problem && (!mbedtls_x509_crt_has_ext_type(&chain, MBEDTLS_X509_EXT_EXTENDED_KEY_USAGE) ||
			 mbedtls_x509_crt_check_extended_key_usage(&chain, MBEDTLS_OID_CODE_SIGNING,
								   MBEDTLS_OID_SIZE(MBEDTLS_OID_CODE_SIGNING)) != 0))
		problem = "its signer's certificate is not for code signing (extended key usage)";
	if (!problem)
		problem = check_chain(&chain, root, signed_on, why, why_len);
	mbedtls_x509_crt_free(&chain);
	if (problem && problem != why)
		snprintf(why, why_len, "%s", problem);
	return problem ? -1 : 0;
}
