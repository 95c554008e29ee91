/*
 * der.h - a bounds-checked reader for DER/BER TLVs (ITU-T X.690), enough to
 * walk certificates that strict parsers reject (docs/attestation-facts.md §4: non-DER
 * booleans, unsorted SETs, RSAES-OAEP keys). Definite lengths only.
 */
#ifndef PREFLIGHT_DER_H
#define PREFLIGHT_DER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct der {
	const uint8_t *p;
	size_t len;
};

enum {
	DER_BOOLEAN = 0x01, DER_INTEGER = 0x02, DER_BIT_STRING = 0x03, DER_OCTET_STRING = 0x04, DER_NULL = 0x05,
	DER_OID = 0x06, DER_UTF8 = 0x0C, DER_PRINTABLE = 0x13, DER_IA5 = 0x16, DER_UTC_TIME = 0x17,
	DER_GENERALIZED_TIME = 0x18, DER_SEQUENCE = 0x30, DER_SET = 0x31,
};

/*
 * Reads the next TLV from *in (advancing it). `value` gets the contents, `whole` (may be NULL) the TLV
 * with its header. Returns false at the end or on a malformed header or a length past the input.
 */
bool der_next(struct der *in, uint8_t *tag, struct der *value, struct der *whole);
/* Like der_next, but only succeeds when the tag is `want`. */
bool der_expect(struct der *in, uint8_t want, struct der *value, struct der *whole);
/* True when an OID's contents equal the dotted OID given as encoded bytes. */
bool der_oid_is(const struct der *oid, const uint8_t *encoded, size_t len);
/* Total length of the TLV at the start of buf (header + contents), 0 if it is not a complete TLV within len. */
size_t der_tlv_length(const uint8_t *buf, size_t len);

#endif
