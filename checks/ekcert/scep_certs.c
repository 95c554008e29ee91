/*
 * scep_certs.c - see scep_certs.h. The layout walked (RFC 5652 3, 5.1, 5.2):
 *   ContentInfo { contentType id-signedData, [0] EXPLICIT SignedData {
 *     version INTEGER, digestAlgorithms SET (empty), encapContentInfo { id-data } (no eContent),
 *     certificates [0] IMPLICIT SET OF CertificateChoices OPTIONAL, crls [1] IMPLICIT OPTIONAL,
 *     signerInfos SET (empty) } }
 * Every length comes from der_next, which refuses one past its enclosing TLV; nothing after the ContentInfo or
 * after signerInfos is accepted, so a truncated or padded answer is named as such.
 */
#include "checks/ekcert/scep_certs.h"
#include <string.h>

static const uint8_t OID_SIGNED_DATA[] = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02 }; /* 1.2.840.113549.1.7.2 */
static const uint8_t OID_DATA[] = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01 };        /* 1.2.840.113549.1.7.1 */

/* certificates [0] IMPLICIT SET OF CertificateChoices: a Certificate is a SEQUENCE; the other choices ([0] to [3]:
 * extended, attribute and other certificates) are counted and passed over. */
static const char *read_certificates(struct der set, struct scep_certs *out)
{
	uint8_t tag;
	struct der value, whole;
	while (set.len) {
		if (!der_next(&set, &tag, &value, &whole))
			return "a certificate in it is cut short or malformed";
		if (tag != DER_SEQUENCE) {
			out->skipped++;
			continue;
		}
		if (out->count == SCEP_CERTS_MAX)
			return "it holds more certificates than any CA chain has (more than 16)";
		out->cert[out->count++] = whole;
	}
	return NULL;
}

static const char *read_signed_data(struct der sd, struct scep_certs *out)
{
	struct der version, algs, encap, oid, field;
	uint8_t tag;
	if (!der_expect(&sd, DER_INTEGER, &version, NULL) || !der_expect(&sd, DER_SET, &algs, NULL))
		return "its SignedData has no version or digest algorithms";
	if (!der_expect(&sd, DER_SEQUENCE, &encap, NULL) || !der_expect(&encap, DER_OID, &oid, NULL) ||
	    !der_oid_is(&oid, OID_DATA, sizeof(OID_DATA)))
		return "its SignedData's encapsulated content is not id-data";
	if (!der_next(&sd, &tag, &field, NULL))
		return "its SignedData ends before signerInfos";
	if (tag == 0xA0) { /* [0] IMPLICIT, constructed */
		const char *why = read_certificates(field, out);
		if (why)
			return why;
		if (!der_next(&sd, &tag, &field, NULL))
			return "its SignedData ends before signerInfos";
	}
	if (tag == 0xA1 && !der_next(&sd, &tag, &field, NULL)) /* crls, not used here */
		return "its SignedData ends before signerInfos";
	if (tag != DER_SET)
		return "its SignedData has no signerInfos";
	return sd.len ? "its SignedData has data after signerInfos" : NULL;
}

int scep_certs_parse(const uint8_t *p, size_t len, struct scep_certs *out, const char **why)
{
	struct der in = { p, len }, content_info, oid, explicit, signed_data;
	memset(out, 0, sizeof(*out));
	*why = NULL;
	if (!len)
		*why = "the answer is empty";
	else if (len > SCEP_CERTS_BYTES_MAX)
		*why = "the answer is larger than a certificate chain can be (256 KiB)";
	else if (p[0] == DER_SEQUENCE && !der_tlv_length(p, len))
		*why = "it is cut short (its ContentInfo announces more bytes than came)";
	else if (!der_expect(&in, DER_SEQUENCE, &content_info, NULL))
		*why = "it is not DER (a ContentInfo SEQUENCE)";
	else if (in.len)
		*why = "it has data after the ContentInfo";
	else if (!der_expect(&content_info, DER_OID, &oid, NULL) || !der_oid_is(&oid, OID_SIGNED_DATA, sizeof(OID_SIGNED_DATA)))
		*why = "its ContentInfo is not a CMS SignedData";
	else if (!der_expect(&content_info, 0xA0, &explicit, NULL) || !der_expect(&explicit, DER_SEQUENCE, &signed_data, NULL))
		*why = "its SignedData is missing or malformed";
	else
		*why = read_signed_data(signed_data, out);
	if (*why)
		out->count = 0;
	return *why ? -1 : 0;
}
