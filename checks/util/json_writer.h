/* json_writer.h - writes JSON text into a strbuf (RFC 8259), commas and escaping handled. */
#ifndef PREFLIGHT_JSON_WRITER_H
#define PREFLIGHT_JSON_WRITER_H
#include <stdbool.h>
#include "checks/util/strbuf.h"

enum { JSON_DEPTH_MAX = 16 };

struct json_writer {
	struct strbuf *out;
	int depth;
	bool need_comma[JSON_DEPTH_MAX];
};

void json_init(struct json_writer *w, struct strbuf *out);
void json_begin_object(struct json_writer *w, const char *key);
void json_end_object(struct json_writer *w);
void json_begin_array(struct json_writer *w, const char *key);
void json_end_array(struct json_writer *w);
/* key may be NULL inside arrays. */
void json_string(struct json_writer *w, const char *key, const char *value);
void json_int(struct json_writer *w, const char *key, long long value);
void json_bool(struct json_writer *w, const char *key, bool value);
/* Appends value as a quoted JSON string; bytes outside printable ASCII become \u00XX. */
void json_append_quoted(struct strbuf *out, const char *value);

#endif
