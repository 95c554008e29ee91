/* cert_ext.c - see cert_ext.h. */
#include "checks/enrol/cert_ext.h"

static const uint8_t OID_EXT_KEY_USAGE[] = { 0x55, 0x1D, 0x25 }; /* 2.5.29.37 */

/* The extensions SEQUENCE of a TBSCertificate: past version [0], serial, signature, issuer, validity, subject,
 * subjectPublicKeyInfo and the optional unique ids [1] [2]. */
static bool extensions_of(const struct cert_facts *c, struct der *exts)
{
	struct der tbs = c->tbs, body, field;
	uint8_t tag;
	if (!der_expect(&tbs, DER_SEQUENCE, &body, NULL))
		return false;
	while (der_next(&body, &tag, &field, NULL))
		if (tag == 0xA3)
			return der_expect(&field, DER_SEQUENCE, exts, NULL);
	return false;
}

bool cert_extension(const struct cert_facts *c, const uint8_t *oid, size_t oid_len, struct der *value)
{
	struct der exts, ext, id, field;
	uint8_t tag;
	if (!extensions_of(c, &exts))
		return false;
	while (der_expect(&exts, DER_SEQUENCE, &ext, NULL)) {
		if (!der_expect(&ext, DER_OID, &id, NULL) || !der_oid_is(&id, oid, oid_len))
			continue;
		while (der_next(&ext, &tag, &field, NULL))
			if (tag == DER_OCTET_STRING) {
				*value = field;
				return true;
			}
		return false;
	}
	return false;
}

bool cert_has_eku(const struct cert_facts *c, const uint8_t *purpose, size_t purpose_len)
{
	struct der value, list, id;
	if (!cert_extension(c, OID_EXT_KEY_USAGE, sizeof(OID_EXT_KEY_USAGE), &value) ||
	    !der_expect(&value, DER_SEQUENCE, &list, NULL))
		return false;
	while (der_expect(&list, DER_OID, &id, NULL))
		if (der_oid_is(&id, purpose, purpose_len))
			return true;
	return false;
}
