/* der_writer.c - see der_writer.h. */
#include "checks/enrol/der_writer.h"
#include "checks/x509/der.h"
#include <mbedtls/asn1write.h>
#include <mbedtls/platform_util.h>
#include <stdlib.h>
#include <string.h>

void dw_init(struct der_writer *w)
{
	memset(w, 0, sizeof(*w));
}

void dw_free(struct der_writer *w)
{
	if (w->buf)
		mbedtls_platform_zeroize(w->buf, w->cap);
	free(w->buf);
	dw_init(w);
}

/* Room for n more bytes, growing by doubling up to DW_BYTES_MAX. */
static bool reserve(struct der_writer *w, size_t n)
{
	if (w->failed || n > DW_BYTES_MAX - w->len) {
		w->failed = true;
		return false;
	}
	if (w->len + n <= w->cap)
		return true;
	size_t cap = w->cap ? w->cap : 1024;
	while (cap < w->len + n)
		cap *= 2;
	uint8_t *b = malloc(cap);
	if (!b) {
		w->failed = true;
		return false;
	}
	if (w->buf) {
		memcpy(b, w->buf, w->len);
		mbedtls_platform_zeroize(w->buf, w->cap);
		free(w->buf);
	}
	w->buf = b;
	w->cap = cap;
	return true;
}

void dw_raw(struct der_writer *w, const uint8_t *p, size_t n)
{
	if (n && reserve(w, n)) {
		memcpy(w->buf + w->len, p, n);
		w->len += n;
	}
}

static void open_element(struct der_writer *w, uint8_t tag, bool sorted)
{
	if (w->depth == DW_DEPTH_MAX) {
		w->failed = true;
		return;
	}
	w->open[w->depth] = w->len;
	w->open_tag[w->depth] = tag;
	w->open_sorted[w->depth++] = sorted;
}

void dw_begin(struct der_writer *w, uint8_t tag)
{
	open_element(w, tag, false);
}

void dw_begin_set_of(struct der_writer *w)
{
	open_element(w, DER_SET, true);
}

/* X.690 11.6: the encodings compared as octet strings, the shorter padded with zeros at its end. */
static int compare_encodings(const struct der *a, const struct der *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->p, b->p, n);
	if (c)
		return c;
	const struct der *longer = a->len > b->len ? a : b;
	for (size_t i = n; i < longer->len; i++)
		if (longer->p[i])
			return longer == a ? 1 : -1;
	return 0;
}

static int compare_der(const void *a, const void *b)
{
	return compare_encodings(a, b);
}

/* Sorts the elements in buf[start, len) in place (each a complete TLV written by this writer). */
static void sort_elements(struct der_writer *w, size_t start)
{
	enum { ELEMENTS_MAX = 32 };
	struct der all = { w->buf + start, w->len - start }, item[ELEMENTS_MAX], value;
	size_t count = 0;
	uint8_t tag;
	while (all.len && count < ELEMENTS_MAX && der_next(&all, &tag, &value, &item[count]))
		count++;
	uint8_t *copy = malloc(w->len - start ? w->len - start : 1);
	if (all.len || !copy) {
		free(copy);
		w->failed = true;
		return;
	}
	qsort(item, count, sizeof(item[0]), compare_der);
	size_t at = 0;
	for (size_t i = 0; i < count; i++) {
		memcpy(copy + at, item[i].p, item[i].len);
		at += item[i].len;
	}
	memcpy(w->buf + start, copy, at);
	mbedtls_platform_zeroize(copy, at);
	free(copy);
}

void dw_end(struct der_writer *w)
{
	if (w->failed || w->depth == 0) {
		w->failed = true;
		return;
	}
	w->depth--;
	size_t start = w->open[w->depth], content = w->len - start;
	if (w->open_sorted[w->depth])
		sort_elements(w, start);
	uint8_t head[8], *p = head + sizeof(head);
	int n = mbedtls_asn1_write_len(&p, head, content);
	int t = n < 0 ? n : mbedtls_asn1_write_tag(&p, head, w->open_tag[w->depth]);
	if (n < 0 || t < 0 || !reserve(w, (size_t)(n + t)))
		return;
	memmove(w->buf + start + n + t, w->buf + start, content);
	memcpy(w->buf + start, p, (size_t)(n + t));
	w->len += (size_t)(n + t);
}

void dw_tlv(struct der_writer *w, uint8_t tag, const uint8_t *p, size_t n)
{
	dw_begin(w, tag);
	dw_raw(w, p, n);
	dw_end(w);
}

void dw_oid(struct der_writer *w, const uint8_t *oid, size_t n)
{
	dw_tlv(w, DER_OID, oid, n);
}

void dw_null(struct der_writer *w)
{
	dw_tlv(w, DER_NULL, NULL, 0);
}

void dw_uint(struct der_writer *w, const uint8_t *be, size_t n)
{
	while (n > 1 && be[0] == 0)
		be++, n--;
	dw_begin(w, DER_INTEGER);
	if (!n || be[0] & 0x80)
		dw_raw(w, (const uint8_t *)"", 1);
	dw_raw(w, be, n);
	dw_end(w);
}

void dw_small_int(struct der_writer *w, unsigned v)
{
	uint8_t be[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
	dw_uint(w, be, sizeof(be));
}

void dw_string(struct der_writer *w, uint8_t tag, const char *s)
{
	dw_tlv(w, tag, (const uint8_t *)s, strlen(s));
}

void dw_bmp(struct der_writer *w, const char *ascii)
{
	dw_begin(w, 0x1E);
	for (; *ascii; ascii++) {
		uint8_t c[2] = { 0, (uint8_t)*ascii };
		dw_raw(w, c, 2);
	}
	dw_end(w);
}

void dw_alg(struct der_writer *w, const uint8_t *oid, size_t n, bool with_null)
{
	dw_begin(w, DER_SEQUENCE);
	dw_oid(w, oid, n);
	if (with_null)
		dw_null(w);
	dw_end(w);
}

uint8_t *dw_finish(struct der_writer *w, size_t *len)
{
	uint8_t *out = NULL;
	*len = 0;
	if (!w->failed && w->depth == 0 && w->len) {
		out = w->buf;
		*len = w->len;
		w->buf = NULL;
	}
	dw_free(w);
	return out;
}
