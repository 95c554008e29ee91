/* json_reader.c - recursive-descent JSON parsing into a flat node array, every step bounded. */
#include "checks/util/json_reader.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	const char *p, *start, *end;
	struct json_doc *doc;
	const char *error;
};

static int fail(struct parser *ps, const char *what)
{
	if (!ps->error)
		ps->error = what;
	return -1;
}

static void skip_space(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static int new_node(struct parser *ps, enum json_type type)
{
	struct json_doc *d = ps->doc;
	if (d->count >= JSON_NODES_LIMIT)
		return fail(ps, "too many values");
	if (d->count == d->cap) {
		int cap = d->cap ? d->cap * 2 : 64;
		struct json_node *grown = realloc(d->nodes, (size_t)cap * sizeof(*grown));
		if (!grown)
			return fail(ps, "out of memory");
		d->nodes = grown;
		d->cap = cap;
	}
	struct json_node *n = &d->nodes[d->count];
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->first = n->next = -1;
	return d->count++;
}

static void put_utf8(char *out, size_t *n, unsigned cp)
{
	if (cp < 0x80) {
		out[(*n)++] = (char)cp;
	} else if (cp < 0x800) {
		out[(*n)++] = (char)(0xC0 | cp >> 6);
		out[(*n)++] = (char)(0x80 | (cp & 0x3F));
	} else {
		out[(*n)++] = (char)(0xE0 | cp >> 12);
		out[(*n)++] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[(*n)++] = (char)(0x80 | (cp & 0x3F));
	}
}

static int hex4(const char *p, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
			   : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16;
		if (d > 15)
			return -1;
		*v = *v << 4 | d;
	}
	return 0;
}

/*
 * The bytes from p to the string's closing quote (or to the end, when there is none). Decoding never makes a string
 * longer than this: an escape of 2 bytes gives 1, \uXXXX (6 bytes) at most 3 bytes of UTF-8, anything else itself.
 */
static size_t string_span(const char *p, const char *end)
{
	const char *s = p;
	while (p < end && *p != '"')
		p += *p == '\\' && end - p > 1 ? 2 : 1;
	return (size_t)(p - s);
}

/* Reads a string at ps->p (after the quote); returns a malloc'd UTF-8 copy or NULL. Surrogates become U+FFFD. */
static char *read_string(struct parser *ps)
{
	char *out = malloc(string_span(ps->p, ps->end) + 1), esc;
	size_t n = 0;
	if (!out)
		return fail(ps, "out of memory"), NULL;
	while (ps->p < ps->end && *ps->p != '"') {
		unsigned char c = (unsigned char)*ps->p++;
		if (c < 0x20)
			return free(out), fail(ps, "a control character inside a string"), NULL;
		if (c != '\\') {
			out[n++] = (char)c;
			continue;
		}
		if (ps->p >= ps->end)
			break;
		esc = *ps->p++;
		const char *simple = strchr("\"\\/bfnrt", esc);
		if (simple && esc) {
			out[n++] = "\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"];
		} else if (esc == 'u' && ps->end - ps->p >= 4) {
			unsigned cp;
			if (hex4(ps->p, &cp) != 0)
				return free(out), fail(ps, "a bad \\u escape"), NULL;
			ps->p += 4;
			put_utf8(out, &n, cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : cp);
		} else {
			return free(out), fail(ps, "a bad escape"), NULL;
		}
	}
	if (ps->p >= ps->end)
		return free(out), fail(ps, "an unterminated string"), NULL;
	ps->p++;
	out[n] = 0;
	return out;
}

static int parse_value(struct parser *ps, int depth);

static int link_child(struct parser *ps, int parent, int *last, int child)
{
	if (child < 0)
		return -1;
	if (*last < 0)
		ps->doc->nodes[parent].first = child;
	else
		ps->doc->nodes[*last].next = child;
	*last = child;
	return 0;
}

static int parse_container(struct parser *ps, int depth, bool object)
{
	int node = new_node(ps, object ? JSON_OBJECT : JSON_ARRAY), last = -1;
	if (node < 0)
		return -1;
	ps->p++;
	skip_space(ps);
	if (ps->p < ps->end && *ps->p == (object ? '}' : ']')) {
		ps->p++;
		return node;
	}
	for (;;) {
		char *key = NULL;
		skip_space(ps);
		if (object) {
			if (ps->p >= ps->end || *ps->p != '"')
				return fail(ps, "a member name was expected");
			ps->p++;
			if (!(key = read_string(ps)))
				return -1;
			skip_space(ps);
			if (ps->p >= ps->end || *ps->p++ != ':')
				return free(key), fail(ps, "':' was expected");
		}
		int child = parse_value(ps, depth + 1);
		if (child < 0 || link_child(ps, node, &last, child) != 0)
			return free(key), -1;
		ps->doc->nodes[child].key = key;
		skip_space(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == (object ? '}' : ']')) {
			ps->p++;
			return node;
		}
		return fail(ps, object ? "',' or '}' was expected" : "',' or ']' was expected");
	}
}

static int parse_literal(struct parser *ps, const char *word, enum json_type type)
{
	size_t n = strlen(word);
	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
		return fail(ps, "an unknown literal");
	ps->p += n;
	return new_node(ps, type);
}

static int parse_number(struct parser *ps)
{
	const char *s = ps->p;
	while (ps->p < ps->end && strchr("+-0123456789.eE", *ps->p) && *ps->p)
		ps->p++;
	if (ps->p == s || ps->p - s > 64)
		return fail(ps, "a malformed number");
	int node = new_node(ps, JSON_NUMBER);
	if (node >= 0 && !(ps->doc->nodes[node].text = strndup(s, (size_t)(ps->p - s))))
		return fail(ps, "out of memory");
	return node;
}

static int parse_value(struct parser *ps, int depth)
{
	if (depth > JSON_DEPTH_LIMIT)
		return fail(ps, "nested too deeply");
	skip_space(ps);
	if (ps->p >= ps->end)
		return fail(ps, "the text ends where a value was expected");
	switch (*ps->p) {
	case '{': return parse_container(ps, depth, true);
	case '[': return parse_container(ps, depth, false);
	case '"': {
		ps->p++;
		char *s = read_string(ps);
		int node = s ? new_node(ps, JSON_STRING) : -1;
		if (node < 0)
			return free(s), -1;
		ps->doc->nodes[node].text = s;
		return node;
	}
	case 't': return parse_literal(ps, "true", JSON_TRUE);
	case 'f': return parse_literal(ps, "false", JSON_FALSE);
	case 'n': return parse_literal(ps, "null", JSON_NULL);
	default: return parse_number(ps);
	}
}

int json_parse(const char *text, size_t len, struct json_doc *doc, char *why, size_t why_len)
{
	struct parser ps = { text, text, text + len, doc, NULL };
	memset(doc, 0, sizeof(*doc));
	if (len > JSON_TEXT_LIMIT)
		ps.error = "the text is larger than 16 MiB";
	else if (parse_value(&ps, 0) == 0) {
		skip_space(&ps);
		if (ps.p != ps.end)
			ps.error = "text follows the value";
	}
	if (!ps.error)
		return 0;
	snprintf(why, why_len, "%s (at byte %ld)", ps.error, (long)(ps.p - ps.start));
	json_doc_free(doc);
	return -1;
}

void json_doc_free(struct json_doc *doc)
{
	for (int i = 0; i < doc->count; i++) {
		free(doc->nodes[i].key);
		free(doc->nodes[i].text);
	}
	free(doc->nodes);
	memset(doc, 0, sizeof(*doc));
}

int json_member(const struct json_doc *doc, int obj, const char *key)
{
	if (obj < 0 || obj >= doc->count || doc->nodes[obj].type != JSON_OBJECT)
		return -1;
	for (int c = doc->nodes[obj].first; c >= 0; c = doc->nodes[c].next)
		if (doc->nodes[c].key && strcmp(doc->nodes[c].key, key) == 0)
			return c;
	return -1;
}

const char *json_member_text(const struct json_doc *doc, int obj, const char *key)
{
	int m = json_member(doc, obj, key);
	return m >= 0 && doc->nodes[m].type == JSON_STRING ? doc->nodes[m].text : "";
}
