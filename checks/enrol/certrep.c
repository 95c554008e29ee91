/* certrep.c - see certrep.h. */
#include "checks/enrol/certrep.h"
#include "checks/enrol/enrol_oids.h"
#include <mbedtls/md.h>
#include <stdio.h>
#include <string.h>

struct signed_data {
	struct der content_type, content, signer_infos;
	bool has_content;
};

struct signer_info {
	struct der digest_oid, attrs, attrs_whole, sig_oid, signature;
};

struct attributes {
	struct der content_type, digest, sender_nonce, recipient_nonce, transaction_id;
	bool has_content_type, has_digest, has_recipient_nonce, has_transaction_id;
	bool has_scep;          /* any SCEP attribute (RFC 8894 3.2.1), even one of the wrong type */
};

static const char *read_signed_data(const uint8_t *p, size_t len, struct signed_data *sd)
{
	struct der in = { p, len }, ci, oid, explicit, body, version, field, encap, octets;
	uint8_t tag;
	if (!len || (p[0] == DER_SEQUENCE && !der_tlv_length(p, len)))
		return "it is empty or cut short";
	if (!der_expect(&in, DER_SEQUENCE, &ci, NULL) || in.len)
		return "it is not one DER ContentInfo";
	if (!der_expect(&ci, DER_OID, &oid, NULL) || !der_oid_is(&oid, OID_ID_SIGNED_DATA, sizeof(OID_ID_SIGNED_DATA)))
		return "its ContentInfo is not a CMS SignedData";
	if (!der_expect(&ci, 0xA0, &explicit, NULL) || !der_expect(&explicit, DER_SEQUENCE, &body, NULL) ||
	    !der_expect(&body, DER_INTEGER, &version, NULL) || !der_expect(&body, DER_SET, &field, NULL) ||
	    !der_expect(&body, DER_SEQUENCE, &encap, NULL) || !der_expect(&encap, DER_OID, &sd->content_type, NULL))
		return "its SignedData is malformed";
	sd->has_content = der_expect(&encap, 0xA0, &explicit, NULL);
	if (sd->has_content && (!der_expect(&explicit, DER_OCTET_STRING, &octets, NULL) || explicit.len))
		return "its eContent is not one OCTET STRING";
	if (sd->has_content)
		sd->content = octets;
	if (!der_next(&body, &tag, &field, NULL))
		return "its SignedData ends before signerInfos";
	if (tag == 0xA0 && !der_next(&body, &tag, &field, NULL)) /* certificates: the RA's come from GetCACertChain */
		return "its SignedData ends before signerInfos";
	if (tag == 0xA1 && !der_next(&body, &tag, &field, NULL)) /* crls */
		return "its SignedData ends before signerInfos";
	if (tag != DER_SET || body.len)
		return "its SignedData has no signerInfos, or data after them";
	sd->signer_infos = field;
	return NULL;
}

static bool sid_names(uint8_t tag, struct der sid, const struct cert_facts *c)
{
	struct der issuer, issuer_value, serial;
	if (tag == 0x80)
		return c->has_ski && sid.len == c->ski.len && memcmp(sid.p, c->ski.p, sid.len) == 0;
	return tag == DER_SEQUENCE && der_expect(&sid, DER_SEQUENCE, &issuer_value, &issuer) &&
	       der_expect(&sid, DER_INTEGER, &serial, NULL) && issuer.len == c->issuer.len &&
	       memcmp(issuer.p, c->issuer.p, issuer.len) == 0 && serial.len == c->serial.len &&
	       memcmp(serial.p, c->serial.p, serial.len) == 0;
}

/* An AlgorithmIdentifier's parameters after its OID: absent or NULL (RFC 5754 2, RFC 3370 3.2). */
static bool null_or_absent(struct der rest)
{
	return rest.len == 0 || (rest.len == 2 && rest.p[0] == DER_NULL && rest.p[1] == 0);
}

/* The SignerInfo of the RA signing certificate; 1 found, 0 none names it, -1 malformed. */
static int find_signer(struct der infos, const struct cert_facts *ra, struct signer_info *si)
{
	struct der info, version, sid, alg, sig_alg;
	uint8_t tag;
	while (infos.len) {
		if (!der_expect(&infos, DER_SEQUENCE, &info, NULL) || !der_expect(&info, DER_INTEGER, &version, NULL) ||
		    !der_next(&info, &tag, &sid, NULL) || !der_expect(&info, DER_SEQUENCE, &alg, NULL) ||
		    !der_expect(&alg, DER_OID, &si->digest_oid, NULL))
			return -1;
		if (!sid_names(tag, sid, ra))
			continue;
		if (!der_expect(&info, 0xA0, &si->attrs, &si->attrs_whole) || !der_expect(&info, DER_SEQUENCE, &sig_alg, NULL) ||
		    !der_expect(&sig_alg, DER_OID, &si->sig_oid, NULL) ||
		    !der_expect(&info, DER_OCTET_STRING, &si->signature, NULL) || !null_or_absent(alg) ||
		    !null_or_absent(sig_alg))
			return -1;
		return 1;
	}
	return 0;
}

static mbedtls_md_type_t digest_of(const struct der *oid)
{
	static const uint8_t sha1[] = { 0x2B, 0x0E, 0x03, 0x02, 0x1A };
	static const uint8_t sha2[] = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02 };
	if (der_oid_is(oid, sha1, sizeof(sha1)))
		return MBEDTLS_MD_SHA1;
	if (oid->len != sizeof(sha2) + 1 || memcmp(oid->p, sha2, sizeof(sha2)) != 0)
		return MBEDTLS_MD_NONE;
	static const mbedtls_md_type_t by_arc[] = { MBEDTLS_MD_NONE, MBEDTLS_MD_SHA256, MBEDTLS_MD_SHA384, MBEDTLS_MD_SHA512 };
	return oid->p[sizeof(sha2)] <= 3 ? by_arc[oid->p[sizeof(sha2)]] : MBEDTLS_MD_NONE;
}

/* rsaEncryption, or shaNWithRSAEncryption naming the same digest (RFC 5754 3.2, RFC 3370 3.2). */
static bool rsa_signature(const struct der *oid, mbedtls_md_type_t md)
{
	static const uint8_t pkcs1[] = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01 };
	if (oid->len != sizeof(pkcs1) + 1 || memcmp(oid->p, pkcs1, sizeof(pkcs1)) != 0)
		return false;
	uint8_t arc = oid->p[sizeof(pkcs1)];
	return arc == 1 || (arc == 5 && md == MBEDTLS_MD_SHA1) || (arc == 11 && md == MBEDTLS_MD_SHA256) ||
	       (arc == 12 && md == MBEDTLS_MD_SHA384) || (arc == 13 && md == MBEDTLS_MD_SHA512);
}

/* The signature over the DER SET OF the signed attributes (RFC 5652 5.4: tag SET, not [0]). */
static const char *verify_signature(const struct signer_info *si, const struct cert_facts *ra, mbedtls_md_type_t md)
{
	const mbedtls_md_info_t *info = mbedtls_md_info_from_type(md);
	uint8_t hash[MBEDTLS_MD_MAX_SIZE], set_tag = DER_SET;
	mbedtls_md_context_t ctx;
	mbedtls_pk_context pk;
	mbedtls_md_init(&ctx);
	mbedtls_pk_init(&pk);
	const char *why = NULL;
	if (!info || mbedtls_md_setup(&ctx, info, 0) != 0 || mbedtls_md_starts(&ctx) != 0 ||
	    mbedtls_md_update(&ctx, &set_tag, 1) != 0 ||
	    mbedtls_md_update(&ctx, si->attrs_whole.p + 1, si->attrs_whole.len - 1) != 0 || mbedtls_md_finish(&ctx, hash) != 0)
		why = "its signed attributes cannot be hashed";
	else if (mbedtls_pk_parse_public_key(&pk, ra->spki.p, ra->spki.len) != 0 || !mbedtls_pk_can_do(&pk, MBEDTLS_PK_RSA))
		why = "the RA signing certificate has no usable RSA key";
	else if (mbedtls_pk_verify(&pk, md, hash, mbedtls_md_get_size(info), si->signature.p, si->signature.len) != 0)
		why = "its signature does not verify with the RA signing certificate's key";
	mbedtls_md_free(&ctx);
	mbedtls_pk_free(&pk);
	return why;
}

/* A PrintableString of 1 to 4 digits as a number, -1 otherwise. */
static int number(struct der v, uint8_t tag)
{
	int n = 0;
	if (tag != DER_PRINTABLE || v.len == 0 || v.len > 4)
		return -1;
	for (size_t i = 0; i < v.len; i++) {
		if (v.p[i] < '0' || v.p[i] > '9')
			return -1;
		n = n * 10 + (v.p[i] - '0');
	}
	return n;
}

/* One attribute { type, SET { one value } }; false when malformed. */
static bool read_attribute(struct der attr, struct attributes *a, struct certrep *out)
{
	struct der type, values, value;
	uint8_t tag;
	if (!der_expect(&attr, DER_OID, &type, NULL) || !der_expect(&attr, DER_SET, &values, NULL) ||
	    !der_next(&values, &tag, &value, NULL) || values.len)
		return false;
#define IS(o) der_oid_is(&type, o, sizeof(o))
	a->has_scep |= IS(OID_SCEP_MESSAGE_TYPE) || IS(OID_SCEP_PKI_STATUS) || IS(OID_SCEP_FAIL_INFO) ||
		       IS(OID_SCEP_SENDER_NONCE) || IS(OID_SCEP_RECIPIENT_NONCE) || IS(OID_SCEP_TRANSACTION_ID);
	if (IS(OID_CONTENT_TYPE) && tag == DER_OID)
		a->content_type = value, a->has_content_type = true;
	else if (IS(OID_MESSAGE_DIGEST) && tag == DER_OCTET_STRING)
		a->digest = value, a->has_digest = true;
	else if (IS(OID_SCEP_MESSAGE_TYPE))
		return (out->message_type = number(value, tag)) >= 0;
	else if (IS(OID_SCEP_PKI_STATUS))
		return (out->pki_status = number(value, tag)) >= 0;
	else if (IS(OID_SCEP_FAIL_INFO))
		return (out->fail_info = number(value, tag)) >= 0;
	else if (IS(OID_SCEP_SENDER_NONCE))
		return tag == DER_OCTET_STRING;
	else if (IS(OID_SCEP_RECIPIENT_NONCE) && tag == DER_OCTET_STRING)
		a->recipient_nonce = value, a->has_recipient_nonce = true;
	else if (IS(OID_SCEP_TRANSACTION_ID) && tag == DER_PRINTABLE)
		a->transaction_id = value, a->has_transaction_id = true;
	else if (IS(OID_CONTENT_TYPE) || IS(OID_MESSAGE_DIGEST) || IS(OID_SCEP_RECIPIENT_NONCE) || IS(OID_SCEP_TRANSACTION_ID))
		return false; /* a known attribute of the wrong type */
#undef IS
	return true;
}

static const char *read_attributes(struct der attrs, struct attributes *a, struct certrep *out)
{
	struct der attr;
	while (attrs.len)
		if (!der_expect(&attrs, DER_SEQUENCE, &attr, NULL) || !read_attribute(attr, a, out))
			return "a signed attribute is malformed (or a SCEP attribute is not of its type)";
	if (a->has_content_type && a->has_digest && !a->has_scep) {
		out->without_scep_attributes = true;
		return NULL;
	}
	if (!a->has_content_type || !a->has_digest || out->message_type < 0 || out->pki_status < 0 ||
	    !a->has_transaction_id || !a->has_recipient_nonce)
		return "it lacks a required attribute (contentType, messageDigest, messageType, pkiStatus, "
		       "transactionID or recipientNonce)";
	if (out->message_type != 3)
		return "its messageType is not CertRep (3)";
	return NULL;
}

/* The checks that tie the answer to its content and to this request. */
static const char *check_binding(const struct attributes *a, const struct signed_data *sd, mbedtls_md_type_t md,
				 const char *transaction_id, const uint8_t *nonce)
{
	uint8_t hash[MBEDTLS_MD_MAX_SIZE];
	const mbedtls_md_info_t *info = mbedtls_md_info_from_type(md);
	size_t n = mbedtls_md_get_size(info);
	if (a->content_type.len != sd->content_type.len ||
	    memcmp(a->content_type.p, sd->content_type.p, sd->content_type.len) != 0)
		return "its contentType attribute differs from its content's type";
	if (mbedtls_md(info, sd->has_content ? sd->content.p : (const uint8_t *)"", sd->has_content ? sd->content.len : 0,
		       hash) != 0 || a->digest.len != n || memcmp(a->digest.p, hash, n) != 0)
		return "its messageDigest does not match its content";
	if (!a->has_transaction_id)
		return NULL; /* without SCEP attributes: nothing more to compare */
	if (a->transaction_id.len != strlen(transaction_id) ||
	    memcmp(a->transaction_id.p, transaction_id, a->transaction_id.len) != 0)
		return "its transactionID is not this request's";
	if (a->recipient_nonce.len != SCEP_NONCE_LEN || memcmp(a->recipient_nonce.p, nonce, SCEP_NONCE_LEN) != 0)
		return "its recipientNonce is not this request's senderNonce (an answer to another request, or a replay)";
	return NULL;
}

static enum certrep_fault fault(enum certrep_fault f, const char *text, char *why, size_t why_len)
{
	snprintf(why, why_len, "%s", text);
	return f;
}

enum certrep_fault certrep_read(const uint8_t *p, size_t len, const struct cert_facts *ra_signer,
				const char *transaction_id, const uint8_t sender_nonce[SCEP_NONCE_LEN], struct certrep *out,
				char *why, size_t why_len)
{
	struct signed_data sd;
	struct signer_info si;
	struct attributes a;
	memset(&sd, 0, sizeof(sd));
	memset(&a, 0, sizeof(a));
	memset(out, 0, sizeof(*out));
	out->message_type = out->pki_status = out->fail_info = -1;
	why[0] = 0;
	const char *text = read_signed_data(p, len, &sd);
	if (text)
		return fault(CERTREP_UNREADABLE, text, why, why_len);
	int found = find_signer(sd.signer_infos, ra_signer, &si);
	if (found < 0)
		return fault(CERTREP_UNREADABLE, "its SignerInfo is malformed", why, why_len);
	if (found == 0)
		return fault(CERTREP_UNTRUSTED, "no SignerInfo names the RA signing certificate of GetCACertChain", why, why_len);
	mbedtls_md_type_t md = digest_of(&si.digest_oid);
	if (md == MBEDTLS_MD_NONE || !rsa_signature(&si.sig_oid, md))
		return fault(CERTREP_UNREADABLE, "it is signed with an algorithm other than RSA PKCS#1 v1.5 and SHA-1/2",
			     why, why_len);
	if ((text = verify_signature(&si, ra_signer, md)))
		return fault(CERTREP_UNTRUSTED, text, why, why_len);
	if ((text = read_attributes(si.attrs, &a, out)))
		return fault(CERTREP_UNREADABLE, text, why, why_len);
	if ((text = check_binding(&a, &sd, md, transaction_id, sender_nonce)))
		return fault(CERTREP_UNTRUSTED, text, why, why_len);
	out->has_content = sd.has_content;
	out->content = sd.content;
	return CERTREP_OK;
}
