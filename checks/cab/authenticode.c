/*
 * authenticode.c - see authenticode.h. The layout walked here (RFC 2315 7, 9.1,
 * 9.2; SpcIndirectDataContent from Microsoft's Authenticode format):
 *   ContentInfo { contentType signedData, [0] SignedData {
 *     version, digestAlgorithms SET, contentInfo { SPC_INDIRECT_DATA_OBJID, [0] SpcIndirectDataContent {
 *       data SpcAttributeTypeAndOptionalValue, messageDigest DigestInfo { AlgorithmIdentifier, OCTET STRING } } },
 *     certificates [0] IMPLICIT OPTIONAL, crls [1] IMPLICIT OPTIONAL, signerInfos SET OF SignerInfo } }
 *   SignerInfo { version, issuerAndSerialNumber { Name, INTEGER }, digestAlgorithm, [0] IMPLICIT authenticated
 *     attributes, digestEncryptionAlgorithm, encryptedDigest OCTET STRING, [1] unauthenticated attributes OPTIONAL }
 */
#include "checks/cab/authenticode.h"
#include <string.h>

static const uint8_t OID_SIGNED_DATA[] = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02 };     /* 1.2.840.113549.1.7.2 */
static const uint8_t OID_SPC_INDIRECT[] = { 0x2B, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x01, 0x04 }; /* 1.3.6.1.4.1.311.2.1.4 */
static const uint8_t OID_SHA2_PREFIX[] = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02 };           /* 2.16.840.1.101.3.4.2 */

/* SHA-256/384/512 (RFC 5754 2); SHA-1 and MD5, which older Authenticode used, are not accepted. */
static mbedtls_md_type_t digest_algorithm(struct der alg_id)
{
	struct der seq, oid;
	if (!der_expect(&alg_id, DER_SEQUENCE, &seq, NULL) || !der_expect(&seq, DER_OID, &oid, NULL) ||
	    oid.len != sizeof(OID_SHA2_PREFIX) + 1 || memcmp(oid.p, OID_SHA2_PREFIX, sizeof(OID_SHA2_PREFIX)) != 0)
		return MBEDTLS_MD_NONE;
	static const mbedtls_md_type_t by_number[] = { MBEDTLS_MD_NONE, MBEDTLS_MD_SHA256, MBEDTLS_MD_SHA384,
						       MBEDTLS_MD_SHA512 };
	uint8_t n = oid.p[sizeof(OID_SHA2_PREFIX)];
	return n < 4 ? by_number[n] : MBEDTLS_MD_NONE;
}

/* The [0] SpcIndirectDataContent of SignedData's contentInfo: its contents, and the file digest inside. */
static const char *read_indirect_content(struct der content_info, struct authenticode *a)
{
	struct der oid, explicit, seq, data, digest_info, alg;
	if (!der_expect(&content_info, DER_OID, &oid, NULL) || !der_oid_is(&oid, OID_SPC_INDIRECT, sizeof(OID_SPC_INDIRECT)))
		return "its content is not Authenticode's SpcIndirectDataContent";
	if (!der_expect(&content_info, 0xA0, &explicit, NULL) || !der_expect(&explicit, DER_SEQUENCE, &seq, NULL))
		return "its SpcIndirectDataContent is malformed";
	a->indirect_content = seq;
	struct der whole_alg;
	if (!der_expect(&seq, DER_SEQUENCE, &data, NULL) || !der_expect(&seq, DER_SEQUENCE, &digest_info, NULL) ||
	    !der_expect(&digest_info, DER_SEQUENCE, &alg, &whole_alg) ||
	    !der_expect(&digest_info, DER_OCTET_STRING, &a->file_digest, NULL))
		return "its SpcIndirectDataContent has no file digest";
	a->file_md = digest_algorithm(whole_alg);
	if (a->file_md == MBEDTLS_MD_NONE || a->file_digest.len != mbedtls_md_get_size(mbedtls_md_info_from_type(a->file_md)))
		return "its file digest is not SHA-256, SHA-384 or SHA-512";
	return NULL;
}

static const char *read_signer_info(struct der signer_infos, struct authenticode *a)
{
	struct der info, version, issuer_serial, alg, enc_alg;
	if (!der_expect(&signer_infos, DER_SEQUENCE, &info, NULL) || !der_expect(&info, DER_INTEGER, &version, NULL) ||
	    !der_expect(&info, DER_SEQUENCE, &issuer_serial, NULL))
		return "its SignerInfo is malformed";
	struct der issuer_value;
	if (!der_expect(&issuer_serial, DER_SEQUENCE, &issuer_value, &a->signer_issuer) ||
	    !der_expect(&issuer_serial, DER_INTEGER, &a->signer_serial, NULL))
		return "its SignerInfo does not name the signer's certificate";
	struct der whole_alg;
	if (!der_expect(&info, DER_SEQUENCE, &alg, &whole_alg))
		return "its SignerInfo has no digest algorithm";
	a->signer_md = digest_algorithm(whole_alg);
	if (a->signer_md == MBEDTLS_MD_NONE)
		return "its signer's digest is not SHA-256, SHA-384 or SHA-512";
	struct der attrs;
	if (!der_expect(&info, 0xA0, &attrs, &a->signed_attributes))
		return "its SignerInfo has no authenticated attributes";
	if (!der_expect(&info, DER_SEQUENCE, &enc_alg, NULL) || !der_expect(&info, DER_OCTET_STRING, &a->signature, NULL))
		return "its SignerInfo has no signature";
	return NULL;
}

int authenticode_parse(const uint8_t *p, size_t len, struct authenticode *a, const char **why)
{
	struct der in = { p, len }, content_info, oid, explicit, signed_data, version, algs, inner, field;
	memset(a, 0, sizeof(*a));
	*why = NULL;
	if (len > AUTHENTICODE_MAX || !der_expect(&in, DER_SEQUENCE, &content_info, NULL) ||
	    !der_expect(&content_info, DER_OID, &oid, NULL) || !der_oid_is(&oid, OID_SIGNED_DATA, sizeof(OID_SIGNED_DATA)) ||
	    !der_expect(&content_info, 0xA0, &explicit, NULL) || !der_expect(&explicit, DER_SEQUENCE, &signed_data, NULL))
		*why = "it is not a PKCS#7 SignedData";
	else if (!der_expect(&signed_data, DER_INTEGER, &version, NULL) || !der_expect(&signed_data, DER_SET, &algs, NULL) ||
		 !der_expect(&signed_data, DER_SEQUENCE, &inner, NULL))
		*why = "its SignedData is malformed";
	if (!*why)
		*why = read_indirect_content(inner, a);
	if (!*why && !der_expect(&signed_data, 0xA0, &a->certificates, NULL))
		*why = "it carries no certificates";
	if (!*why) {
		der_expect(&signed_data, 0xA1, &field, NULL); /* crls, unused */
		*why = der_expect(&signed_data, DER_SET, &field, NULL) ? read_signer_info(field, a) : "it has no SignerInfo";
	}
	return *why ? -1 : 0;
}
