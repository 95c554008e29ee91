/*
 * http_parse.h - HTTP/1.1 responses (RFC 9112): the status line and header
 * fields, and the chunked transfer coding, fed incrementally from the network
 * with every size capped. A malformed or oversized response is an error with
 * a reason, never a crash.
 */
#ifndef PREFLIGHT_HTTP_PARSE_H
#define PREFLIGHT_HTTP_PARSE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { HTTP_HEAD_MAX = 16 * 1024, HTTP_LINE_MAX = 4096 };

struct http_head {
	int status;
	char reason[64];
	long long content_length; /* -1 when not given */
	bool chunked;
	bool connection_close;
	char location[1024];
	char date[64];
	char content_type[96];
	char retry_after[32];      /* Retry-After as written (RFC 9110 10.2.3: seconds or an HTTP-date), "" when absent */
	size_t length;            /* bytes of the head, up to and with the empty line */
};

/* Returns 1 when buf holds a complete head (filled in), 0 when more bytes are needed, -1 when malformed. */
int http_parse_head(const char *buf, size_t len, struct http_head *h, const char **why);

struct chunked {
	int state;            /* internal */
	uint64_t remaining;   /* bytes left in the current chunk */
	size_t line_len;
	char line[64];
	bool done;            /* the last chunk and the trailer were read */
};

void chunked_init(struct chunked *c);
/*
 * Decodes input; decoded bytes are appended to out[*out_len..cap). Returns the input bytes consumed, or -1
 * with a reason (malformed, or more than cap decoded bytes).
 */
long chunked_feed(struct chunked *c, const uint8_t *in, size_t len, uint8_t *out, size_t cap, size_t *out_len,
		  const char **why);

#endif
