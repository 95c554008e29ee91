/*
 * der_writer.h - DER (ITU-T X.690) written front to back: a constructed
 * element is opened, filled and closed, and its header is put in front of its
 * contents when it is closed (the length is known then). Headers are encoded
 * with mbed TLS's asn1write. Any failure (no memory, too deep, too large) is
 * sticky: the result is then NULL, so callers check once at the end.
 */
#ifndef PREFLIGHT_DER_WRITER_H
#define PREFLIGHT_DER_WRITER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest message the enrolment writes is a PKCSReq of a few KiB plus the EK's chain. */
enum { DW_DEPTH_MAX = 16, DW_BYTES_MAX = 1024 * 1024 };

struct der_writer {
	uint8_t *buf;
	size_t len, cap;
	size_t open[DW_DEPTH_MAX];
	uint8_t open_tag[DW_DEPTH_MAX];
	bool open_sorted[DW_DEPTH_MAX];
	int depth;
	bool failed;
};

void dw_init(struct der_writer *w);
/* Wipes and frees what was written (a message may hold a secret: the recovered credential, a content key). */
void dw_free(struct der_writer *w);
/* Opens a constructed element (SEQUENCE, SET, [n]). */
void dw_begin(struct der_writer *w, uint8_t tag);
/* Opens a SET OF whose elements are sorted when it is closed (X.690 11.6: DER orders a SET OF by encoding). */
void dw_begin_set_of(struct der_writer *w);
void dw_end(struct der_writer *w);
void dw_raw(struct der_writer *w, const uint8_t *p, size_t n);
void dw_tlv(struct der_writer *w, uint8_t tag, const uint8_t *p, size_t n);
void dw_oid(struct der_writer *w, const uint8_t *oid, size_t n);
void dw_null(struct der_writer *w);
void dw_small_int(struct der_writer *w, unsigned v);
/* A non-negative INTEGER from big-endian bytes (leading zeros dropped, a zero put in front of a high bit). */
void dw_uint(struct der_writer *w, const uint8_t *be, size_t n);
void dw_string(struct der_writer *w, uint8_t tag, const char *s);
/* A BMPString (UCS-2 big-endian) of an ASCII string. */
void dw_bmp(struct der_writer *w, const char *ascii);
/* An AlgorithmIdentifier { oid, NULL } (with_null) or { oid }. */
void dw_alg(struct der_writer *w, const uint8_t *oid, size_t n, bool with_null);
/*
 * The result: the buffer (the caller frees it) and its length, or NULL when anything failed or an element is
 * still open. The writer is empty afterwards either way.
 */
uint8_t *dw_finish(struct der_writer *w, size_t *len);

#endif
