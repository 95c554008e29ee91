/* json_writer.c - minimal streaming JSON output for the report. */
#include "checks/util/json_writer.h"
#include <stdio.h>

void json_init(struct json_writer *w, struct strbuf *out)
{
	w->out = out;
	w->depth = 0;
	w->need_comma[0] = false;
}

void json_append_quoted(struct strbuf *out, const char *value)
{
	strbuf_append(out, "\"");
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if (*p == '"')
			strbuf_append(out, "\\\"");
		else if (*p == '\\')
			strbuf_append(out, "\\\\");
		else if (*p == '\n')
			strbuf_append(out, "\\n");
		else if (*p < 0x20 || *p >= 0x7f)
			strbuf_printf(out, "\\u%04x", *p);
		else
			strbuf_append_n(out, (const char *)p, 1);
	}
	strbuf_append(out, "\"");
}

static void member(struct json_writer *w, const char *key)
{
	if (w->need_comma[w->depth])
		strbuf_append(w->out, ",");
	w->need_comma[w->depth] = true;
	if (w->depth > 0) {
		strbuf_append(w->out, "\n");
		for (int i = 0; i < w->depth; i++)
			strbuf_append(w->out, "  ");
	}
	if (key) {
		json_append_quoted(w->out, key);
		strbuf_append(w->out, ": ");
	}
}

static void open_scope(struct json_writer *w, const char *key, const char *bracket)
{
	member(w, key);
	strbuf_append(w->out, bracket);
	if (w->depth + 1 < JSON_DEPTH_MAX)
		w->depth++;
	w->need_comma[w->depth] = false;
}

static void close_scope(struct json_writer *w, const char *bracket)
{
	bool had_members = w->need_comma[w->depth];
	if (w->depth > 0)
		w->depth--;
	if (had_members) {
		strbuf_append(w->out, "\n");
		for (int i = 0; i < w->depth; i++)
			strbuf_append(w->out, "  ");
	}
	strbuf_append(w->out, bracket);
}

void json_begin_object(struct json_writer *w, const char *key) { open_scope(w, key, "{"); }
void json_end_object(struct json_writer *w) { close_scope(w, "}"); }
void json_begin_array(struct json_writer *w, const char *key) { open_scope(w, key, "["); }
void json_end_array(struct json_writer *w) { close_scope(w, "]"); }

void json_string(struct json_writer *w, const char *key, const char *value)
{
	member(w, key);
	json_append_quoted(w->out, value ? value : "");
}

void json_int(struct json_writer *w, const char *key, long long value)
{
	member(w, key);
	strbuf_printf(w->out, "%lld", value);
}

void json_bool(struct json_writer *w, const char *key, bool value)
{
	member(w, key);
	strbuf_append(w->out, value ? "true" : "false");
}
