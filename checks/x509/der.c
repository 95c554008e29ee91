/* der.c - TLV reading with every length checked against what is there. */
#include "checks/x509/der.h"
#include <string.h>

static bool read_header(const uint8_t *p, size_t len, uint8_t *tag, size_t *header, size_t *content)
{
	if (len < 2 || (p[0] & 0x1F) == 0x1F) /* high tag numbers never occur in certificates */
		return false;
	*tag = p[0];
	if (p[1] < 0x80) {
		*header = 2;
		*content = p[1];
	} else {
		size_t n = p[1] & 0x7F;
		if (n == 0 || n > 4 || len < 2 + n) /* indefinite length, or over 4 GiB */
			return false;
		size_t v = 0;
		for (size_t i = 0; i < n; i++)
			v = v << 8 | p[2 + i];
		*header = 2 + n;
		*content = v;
	}
	return *content <= len - *header;
}

bool der_next(struct der *in, uint8_t *tag, struct der *value, struct der *whole)
{
	size_t header, content;
	if (!read_header(in->p, in->len, tag, &header, &content))
		return false;
	value->p = in->p + header;
	value->len = content;
	if (whole) {
		whole->p = in->p;
		whole->len = header + content;
	}
	in->p += header + content;
	in->len -= header + content;
	return true;
}

bool der_expect(struct der *in, uint8_t want, struct der *value, struct der *whole)
{
	struct der save = *in;
	uint8_t tag;
	if (der_next(in, &tag, value, whole) && tag == want)
		return true;
	*in = save;
	return false;
}

bool der_oid_is(const struct der *oid, const uint8_t *encoded, size_t len)
{
	return oid->len == len && memcmp(oid->p, encoded, len) == 0;
}

size_t der_tlv_length(const uint8_t *buf, size_t len)
{
	uint8_t tag;
	size_t header, content;
	return read_header(buf, len, &tag, &header, &content) ? header + content : 0;
}
