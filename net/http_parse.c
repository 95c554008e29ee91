/* http_parse.c - the response head and the chunked coding (RFC 9112 4, 5, 6.3, 7.1). */
#include "http_parse.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *find_end(const char *buf, size_t len)
{
	for (size_t i = 0; i + 3 < len; i++)
		if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n')
			return buf + i + 4;
	return NULL;
}

static bool printable(char c)
{
	return c >= 0x20 && c < 0x7f;
}

/*
 * Copies a value without surrounding blanks, keeping printable ASCII only: the reason phrase and header values
 * reach the screen, the serial console and reports, where a line break or an escape sequence from a server or a
 * proxy could forge lines or drive the terminal. RFC 9110 5.5 lets a recipient replace such bytes; a TAB becomes
 * a blank, anything else '?'.
 */
static void copy_value(char *dst, size_t cap, const char *v, size_t n)
{
	while (n && (*v == ' ' || *v == '\t'))
		v++, n--;
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	if (n >= cap)
		n = cap - 1;
	for (size_t i = 0; i < n; i++)
		dst[i] = v[i] == '\t' ? ' ' : printable(v[i]) ? v[i] : '?';
	dst[n] = 0;
}

/* A URI is ASCII without controls or blanks (RFC 3986 2, RFC 9110 10.2.2): a Location with other bytes is refused,
 * not repaired into another address. */
static bool uri_text(const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!printable(v[i]) && v[i] != '\t') /* blanks around the value are allowed (RFC 9110 5.6.3) */
			return false;
	return true;
}

static int parse_status(const char *line, size_t n, struct http_head *h, const char **why)
{
	if (n < 12 || strncmp(line, "HTTP/1.", 7) != 0 || line[8] != ' ' || !isdigit((unsigned char)line[9]) ||
	    !isdigit((unsigned char)line[10]) || !isdigit((unsigned char)line[11])) {
		*why = "the status line is not HTTP/1.x NNN";
		return -1;
	}
	h->status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
	copy_value(h->reason, sizeof(h->reason), line + 12, n - 12);
	h->connection_close = line[7] == '0';
	return 0;
}

static int parse_field(const char *line, size_t n, struct http_head *h, const char **why)
{
	const char *colon = memchr(line, ':', n);
	if (!colon || colon == line) {
		*why = "a header line has no name";
		return -1;
	}
	size_t name = (size_t)(colon - line), vlen = n - name - 1;
	char value[HTTP_LINE_MAX];
	copy_value(value, sizeof(value), colon + 1, vlen);
	if (name == 14 && strncasecmp(line, "Content-Length", 14) == 0) {
		char *end;
		long long v = strtoll(value, &end, 10);
		if (!*value || *end || v < 0 || (h->content_length >= 0 && h->content_length != v)) {
			*why = "Content-Length is not a single non-negative number";
			return -1;
		}
		h->content_length = v;
	} else if (name == 17 && strncasecmp(line, "Transfer-Encoding", 17) == 0) {
		h->chunked = strstr(value, "chunked") != NULL || strstr(value, "Chunked") != NULL;
	} else if (name == 10 && strncasecmp(line, "Connection", 10) == 0) {
		h->connection_close |= strcasecmp(value, "close") == 0;
	} else if (name == 8 && strncasecmp(line, "Location", 8) == 0) {
		if (!uri_text(colon + 1, vlen)) {
			*why = "the Location header has control or non-ASCII characters";
			return -1;
		}
		copy_value(h->location, sizeof(h->location), value, strlen(value));
	} else if (name == 4 && strncasecmp(line, "Date", 4) == 0) {
		copy_value(h->date, sizeof(h->date), value, strlen(value));
	} else if (name == 12 && strncasecmp(line, "Content-Type", 12) == 0) {
		copy_value(h->content_type, sizeof(h->content_type), value, strlen(value));
	} else if (name == 11 && strncasecmp(line, "Retry-After", 11) == 0) {
		copy_value(h->retry_after, sizeof(h->retry_after), value, strlen(value));
	}
	return 0;
}

int http_parse_head(const char *buf, size_t len, struct http_head *h, const char **why)
{
	const char *end = find_end(buf, len < HTTP_HEAD_MAX ? len : HTTP_HEAD_MAX);
	if (!end) {
		if (len >= HTTP_HEAD_MAX) {
			*why = "the response header is larger than 16 KiB";
			return -1;
		}
		return 0;
	}
	memset(h, 0, sizeof(*h));
	h->content_length = -1;
	h->length = (size_t)(end - buf);
	const char *line = buf;
	for (int n = 0; line < end - 2; n++) {
		const char *eol = line;
		while (eol < end - 1 && !(eol[0] == '\r' && eol[1] == '\n'))
			eol++;
		size_t ll = (size_t)(eol - line);
		if (ll >= HTTP_LINE_MAX) {
			*why = "a header line is longer than 4 KiB";
			return -1;
		}
		if ((n == 0 ? parse_status(line, ll, h, why) : parse_field(line, ll, h, why)) != 0)
			return -1;
		line = eol + 2;
	}
	if (h->chunked)
		h->content_length = -1; /* RFC 9112 6.3: Transfer-Encoding overrides Content-Length */
	return 1;
}

enum { CH_SIZE, CH_SIZE_LF, CH_DATA, CH_DATA_CR, CH_DATA_LF, CH_TRAILER, CH_TRAILER_LF, CH_DONE };

void chunked_init(struct chunked *c)
{
	memset(c, 0, sizeof(*c));
}

static int size_line(struct chunked *c, const char **why)
{
	c->line[c->line_len] = 0;
	char *end;
	unsigned long long v = strtoull(c->line, &end, 16);
	if (end == c->line || (*end && *end != ';' && *end != ' ' && *end != '\t') || v > (1ULL << 40)) {
		*why = "a chunk size is not a hexadecimal number";
		return -1;
	}
	c->remaining = v;
	c->line_len = 0;
	return 0;
}

long chunked_feed(struct chunked *c, const uint8_t *in, size_t len, uint8_t *out, size_t cap, size_t *out_len,
		  const char **why)
{
	size_t i = 0;
	while (i < len && c->state != CH_DONE) {
		uint8_t b = in[i];
		switch (c->state) {
		case CH_SIZE:
		case CH_TRAILER:
			if (b == '\r') {
				c->state = c->state == CH_SIZE ? CH_SIZE_LF : CH_TRAILER_LF;
			} else if (c->line_len + 1 >= sizeof(c->line)) {
				*why = "a chunk size or trailer line is too long";
				return -1;
			} else {
				c->line[c->line_len++] = (char)b;
			}
			i++;
			break;
		case CH_SIZE_LF:
		case CH_TRAILER_LF:
			if (b != '\n') {
				*why = "a chunk line does not end in CRLF";
				return -1;
			}
			i++;
			if (c->state == CH_TRAILER_LF) {
				bool empty = c->line_len == 0;
				c->line_len = 0;
				c->state = empty ? CH_DONE : CH_TRAILER; /* trailer fields are skipped */
				c->done = empty;
				break;
			}
			if (size_line(c, why) != 0)
				return -1;
			c->state = c->remaining ? CH_DATA : CH_TRAILER;
			break;
		case CH_DATA: {
			size_t n = len - i < c->remaining ? len - i : (size_t)c->remaining;
			if (n > cap - *out_len) { /* *out_len <= cap: no overflow */
				*why = "the body is larger than allowed";
				return -1;
			}
			memcpy(out + *out_len, in + i, n);
			*out_len += n;
			c->remaining -= n;
			i += n;
			if (!c->remaining)
				c->state = CH_DATA_CR;
			break;
		}
		case CH_DATA_CR:
		case CH_DATA_LF:
			if (b != (c->state == CH_DATA_CR ? '\r' : '\n')) {
				*why = "chunk data is not followed by CRLF";
				return -1;
			}
			c->state = c->state == CH_DATA_CR ? CH_DATA_LF : CH_SIZE;
			i++;
			break;
		}
	}
	return (long)i;
}
