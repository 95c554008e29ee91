/* strbuf.h - a growing text buffer; out of memory is remembered, never a crash. */
#ifndef PREFLIGHT_STRBUF_H
#define PREFLIGHT_STRBUF_H
#include <stddef.h>
#include <stdbool.h>

struct strbuf {
	char *data;
	size_t len;
	size_t cap;
	bool failed; /* an allocation failed: the text is truncated */
};

void strbuf_init(struct strbuf *b);
void strbuf_free(struct strbuf *b);
void strbuf_append(struct strbuf *b, const char *text);
void strbuf_append_n(struct strbuf *b, const char *text, size_t n);
void strbuf_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Always a valid C string, even when empty. */
const char *strbuf_str(const struct strbuf *b);

#endif
