/*
 * json_reader.h - a small JSON reader (RFC 8259) for the tool's own report
 * files, which come back from sticks and shares and so are outside data:
 * depth, size and node count are capped, and any malformed input gives a
 * message with its byte offset, never a crash.
 */
#ifndef PREFLIGHT_JSON_READER_H
#define PREFLIGHT_JSON_READER_H
#include <stdbool.h>
#include <stddef.h>

enum json_type { JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

enum { JSON_DEPTH_LIMIT = 32, JSON_NODES_LIMIT = 200000, JSON_TEXT_LIMIT = 16 * 1024 * 1024 };

struct json_node {
	enum json_type type;
	char *key;    /* member name inside an object, else NULL */
	char *text;   /* string contents (UTF-8) or the number as written */
	int first;    /* first child (array element or object member), -1 for none */
	int next;     /* next sibling, -1 for none */
};

struct json_doc {
	struct json_node *nodes;
	int count, cap;
};

/* Parses text of len bytes; returns 0, or -1 with a reason (offset included) in why. */
int json_parse(const char *text, size_t len, struct json_doc *doc, char *why, size_t why_len);
void json_doc_free(struct json_doc *doc);
/* The member `key` of object node `obj` (0 is the root), or -1. */
int json_member(const struct json_doc *doc, int obj, const char *key);
/* A string member's text, or "" when absent or not a string. */
const char *json_member_text(const struct json_doc *doc, int obj, const char *key);

#endif
