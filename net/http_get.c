/*
 * http_get.c - HTTP/1.1 requests over a net_conn (RFC 9112): one request per
 * connection (Connection: close), GET or a method with a body (the report
 * upload's POST), the head, then the body by Content-Length, chunked coding
 * or connection close, redirects followed up to a bound.
 */
#include "http_client.h"
#include "net_conn.h"
#include "boot/platform.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failed(struct http_result *r, enum http_phase phase, const char *code, const char *fmt, const char *detail)
{
	r->failed = phase;
	failure_code_set(r->code, code);
	snprintf(r->error, sizeof(r->error), fmt, detail);
	return -1;
}

/* Reads the head; leftover body bytes stay in buf[head.length .. *have). */
static int read_head(struct net_conn *c, struct http_result *r, char *buf, size_t cap, size_t *have, uint64_t first,
		     uint64_t total)
{
	const char *why = NULL;
	for (;;) {
		long n = net_conn_read(c, (uint8_t *)buf + *have, cap - *have, *have ? total : (first < total ? first : total));
		if (n == -2 && *have)
			return failed(r, HTTP_BODY, "HTTP-STALLED-HEAD", "%s", "the server stopped sending its header");
		if (n == -2)
			return failed(r, HTTP_FIRST_BYTE, "HTTP-TIMEOUT", "%s", "no answer from the server in time");
		if (n <= 0)
			return failed(r, *have ? HTTP_BODY : HTTP_FIRST_BYTE, "HTTP-CLOSED-EARLY", "%s",
				      "the connection closed before a response");
		*have += (size_t)n;
		int h = http_parse_head(buf, *have, &r->head, &why);
		if (h < 0)
			return failed(r, HTTP_BODY, "HTTP-BAD-HEAD", "malformed response: %s", why);
		if (h > 0)
			return 0;
	}
}

static int append(struct http_result *r, const uint8_t *data, size_t n, size_t max)
{
	if (n > max - r->body_len) /* body_len <= max: no overflow */
		return failed(r, HTTP_TOO_LARGE, "HTTP-TOO-LARGE", "%s", "the body is larger than allowed");
	memcpy(r->body + r->body_len, data, n);
	r->body_len += n;
	return 0;
}

/* Feeds body bytes by the response's framing; returns 1 when the body is complete. */
static int take(struct http_result *r, struct chunked *ch, const uint8_t *data, size_t n, size_t max)
{
	const char *why = NULL;
	if (r->head.chunked) {
		long used = chunked_feed(ch, data, n, r->body, max, &r->body_len, &why);
		bool larger = used < 0 && strstr(why, "larger");
		if (used < 0)
			return failed(r, larger ? HTTP_TOO_LARGE : HTTP_BODY, larger ? "HTTP-TOO-LARGE" : "HTTP-BAD-CHUNKED",
				      "malformed chunked body: %s", why);
		return ch->done;
	}
	size_t want = r->head.content_length >= 0 ? (size_t)r->head.content_length - r->body_len : n;
	if (append(r, data, n < want ? n : want, max) != 0)
		return -1;
	return r->head.content_length >= 0 && r->body_len == (size_t)r->head.content_length;
}

static int read_body(struct net_conn *c, struct http_result *r, const char *buf, size_t have, size_t max, uint64_t total)
{
	struct chunked ch;
	chunked_init(&ch);
	if (r->head.content_length > (long long)max)
		return failed(r, HTTP_TOO_LARGE, "HTTP-TOO-LARGE", "%s", "the announced body is larger than allowed");
	r->body = malloc(max + 1);
	if (!r->body)
		return failed(r, HTTP_MEMORY, "NET-NO-MEMORY", "%s", "out of memory");
	int done = r->head.content_length == 0 || r->head.status == 204 || r->head.status == 304;
	if (!done && have > r->head.length)
		done = take(r, &ch, (const uint8_t *)buf + r->head.length, have - r->head.length, max);
	uint8_t chunk[4096];
	while (done == 0) {
		long n = net_conn_read(c, chunk, sizeof(chunk), total);
		if (n == -2)
			return failed(r, HTTP_BODY, "HTTP-STALLED-BODY", "%s", "the server stalled in the middle of the body");
		bool close_delimited = !r->head.chunked && r->head.content_length < 0;
		if (n == 0 && close_delimited)
			break; /* the body ends with the connection */
		if (n == -4 && close_delimited) /* RFC 9112 9.8: complete only with a valid closure alert */
			return failed(r, HTTP_BODY, "TLS-TRUNCATED", "%s", "the connection ended without TLS close_notify, so "
									   "the body may be cut short; it is not used");
		if (n <= 0)
			return failed(r, HTTP_BODY, "HTTP-CLOSED-BODY", "%s", "the connection closed in the middle of the body");
		done = take(r, &ch, chunk, (size_t)n, max);
	}
	if (done < 0)
		return -1;
	r->body[r->body_len] = 0;
	return 0;
}

/* The request head (RFC 9112 3): method, target, Host, and for a body its type and length; NULL when out of memory. */
static char *request_head(const struct url *u, const struct http_options *o, const struct http_body *b, int *len)
{
	char authority[URL_HOST_MAX + 16], length[48] = "";
	bool v6 = strchr(u->host, ':') != NULL;
	int at = snprintf(authority, sizeof(authority), v6 ? "[%s]" : "%s", u->host);
	if (u->port != (u->https ? 443 : 80)) /* RFC 9110 7.2: the port only when not the scheme's default */
		snprintf(authority + at, sizeof(authority) - (size_t)at, ":%u", u->port);
	if (b)
		snprintf(length, sizeof(length), "Content-Length: %zu\r\n", b->len);
	const char *headers = b && b->headers ? b->headers : "";
	size_t cap = 2 * (URL_PATH_MAX + URL_HOST_MAX) + 700 + strlen(headers) + (b && b->content_type ? strlen(b->content_type) : 0);
	char *head = malloc(cap);
	if (!head)
		return NULL;
	/* RFC 9112 3.2.2: a plain-HTTP request to a proxy names the whole URI (https goes through a tunnel) */
	bool absolute = o->proxy_host[0] && !u->https;
	*len = snprintf(head, cap, "%s %s%s%s HTTP/1.1\r\nHost: %s\r\n%sUser-Agent: tpm-preflight/0.1\r\nAccept: */*\r\n"
			"%s%s%s%s%sConnection: close\r\n\r\n", b ? b->method : "GET", absolute ? "http://" : "",
			absolute ? authority : "", u->path, authority, absolute ? o->proxy_auth_header : "",
			b && b->content_type ? "Content-Type: " : "", b && b->content_type ? b->content_type : "",
			b && b->content_type ? "\r\n" : "", length, headers);
	return head;
}

/* Sends the request head, then the body if any, within the total limit. */
static int send_request(struct net_conn *c, const char *head, size_t len, const struct http_body *b, uint64_t total,
			struct http_result *r)
{
	int w = net_conn_write(c, (const uint8_t *)head, len, total);
	if (w == 0 && b && b->len)
		w = net_conn_write(c, b->data, b->len, total);
	if (w == -2)
		return failed(r, HTTP_SEND, "HTTP-SEND-TIMEOUT", "%s", "the request could not be sent in time");
	return w == 0 ? 0 : failed(r, HTTP_SEND, "HTTP-SEND-FAILED", "%s", "the request could not be sent");
}

static int fetch_once(const struct url *u, const struct http_options *o, const struct http_body *b, struct http_result *r,
		      uint64_t started)
{
	enum http_phase phase = HTTP_OK;
	struct net_conn *c = net_conn_open(u, o, r, &phase, r->error, sizeof(r->error));
	if (!c) {
		r->failed = phase;
		return -1;
	}
	char head[HTTP_HEAD_MAX + 1];
	int n = 0;
	char *request = request_head(u, o, b, &n);
	uint64_t total = started + o->total_ms;
	size_t have = 0;
	int rc = request ? send_request(c, request, (size_t)n, b, total, r)
			 : failed(r, HTTP_MEMORY, "NET-NO-MEMORY", "%s", "out of memory");
	free(request);
	if (rc == 0)
		rc = read_head(c, r, head, HTTP_HEAD_MAX, &have, platform_ms() + o->first_byte_ms, total);
	if (rc == 0)
		rc = read_body(c, r, head, have, o->max_body < HTTP_BODY_MAX ? o->max_body : HTTP_BODY_MAX, total);
	net_conn_close(c);
	return rc;
}

static bool is_redirect(int status)
{
	return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/* RFC 9110 15.4: a request with a body follows only 307 and 308, which keep the method and the body. */
static bool follows(const struct http_body *b, int status)
{
	return b ? status == 307 || status == 308 : is_redirect(status);
}

/* A redirect not followed: names where it pointed (scheme, host and port; the path may carry anything) and why. */
static int refused(struct http_result *r, const struct url *to, const char *why, const char *code)
{
	r->failed = HTTP_REDIRECTS;
	failure_code_set(r->code, code);
	struct url origin = *to;
	char where[URL_HOST_MAX + 32];
	snprintf(origin.path, sizeof(origin.path), "/");
	url_format(&origin, where, sizeof(where));
	snprintf(r->error, sizeof(r->error), "the redirect (HTTP %d) to %s was not followed: %s", r->head.status, where, why);
	return -1;
}

int http_get(const char *text, const struct http_options *o, struct http_result *r)
{
	return http_send(text, o, NULL, r);
}

int http_send(const char *text, const struct http_options *o, const struct http_body *b, struct http_result *r)
{
	struct url u;
	const char *why;
	uint64_t started = platform_ms();
	memset(r, 0, sizeof(*r));
	if (url_parse(text, &u, &why) != 0)
		return failed(r, HTTP_URL, "URL-INVALID", "bad URL: %s", why);
	for (;;) {
		url_format(&u, r->url, sizeof(r->url));
		int rc = fetch_once(&u, o, b, r, started);
		r->total_ms = (unsigned)(platform_ms() - started);
		if (rc != 0 || !follows(b, r->head.status))
			return rc;
		if (r->redirects >= o->max_redirects)
			return failed(r, HTTP_REDIRECTS, "HTTP-REDIRECT-LOOP", "%s", "too many redirects");
		struct url next;
		if (url_resolve(&u, r->head.location, &next, &why) != 0)
			return failed(r, HTTP_URL, "HTTP-REDIRECT-INVALID", "bad redirect target: %s", why);
		char code[FAILURE_CODE_MAX];
		if (url_redirect_allowed(&u, &next, b && b->headers && b->headers[0], &why, code) != 0)
			return refused(r, &next, why, code);
		u = next;
		r->redirects++;
		free(r->body);
		r->body = NULL;
		r->body_len = 0;
	}
}
