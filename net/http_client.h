/*
 * http_client.h - the HTTP(S) client the online checks use: GET (and POST for
 * the report upload) with bounded
 * redirects, Content-Length and chunked bodies, a size cap, and a time limit
 * per phase (DNS, connect, TLS, first byte, total). TLS always verifies the
 * server certificate and host name. One API, one implementation per front end
 * (http_client_posix.c on Linux; the UEFI one runs over lwIP).
 */
#ifndef PREFLIGHT_HTTP_CLIENT_H
#define PREFLIGHT_HTTP_CLIENT_H
#include <stddef.h>
#include <stdint.h>
#include "failure_code.h"
#include "http_parse.h"
#include "url.h"

enum http_phase { HTTP_OK, HTTP_URL, HTTP_DNS, HTTP_CONNECT, HTTP_TLS, HTTP_SEND, HTTP_FIRST_BYTE, HTTP_BODY,
		  HTTP_TOO_LARGE, HTTP_REDIRECTS, HTTP_MEMORY };

/* The largest body the client keeps, whatever max_body asks: the buffer is allocated at once. */
enum { HTTP_BODY_MAX = 256 * 1024 * 1024 };

struct http_options {
	unsigned dns_ms, connect_ms, tls_ms, first_byte_ms, total_ms;
	size_t max_body;          /* clamped to HTTP_BODY_MAX */
	int max_redirects;
	const char *ca_file;      /* PEM bundle of trust anchors (a file: the Linux command) */
	const char *ca_pem;       /* or the bundle's text, NUL-terminated, read by the front end (UEFI) */
	size_t ca_pem_len;
	/* connect-to: connections to a host go to another address and port instead (the TLS name and the Host
	 * header stay the host's), for test stations and pinned sites, like curl's --connect-to */
	int connect_count;
	struct connect_to {
		char host[URL_HOST_MAX];
		char addr[64];
		uint16_t port;
	} connect_to[16];
	/* An HTTP proxy: CONNECT tunnels for https, absolute URIs for http (RFC 9110 9.3.6, RFC 9112 3.2.2). */
	char proxy_host[URL_HOST_MAX];
	uint16_t proxy_port;
	char proxy_auth_header[300]; /* "Proxy-Authorization: Basic <base64>\r\n" (RFC 7617), "" for none */
};

struct http_result {
	enum http_phase failed;   /* HTTP_OK, or the phase that failed */
	char error[240];
	char code[FAILURE_CODE_MAX]; /* the failure's stable code (failure_code.h), "" when none */
	struct http_head head;
	uint8_t *body;
	size_t body_len;
	char url[URL_HOST_MAX + URL_PATH_MAX + 16]; /* the last URL fetched, after redirects */
	unsigned dns_ms, connect_ms, tls_ms, total_ms;
	int redirects;
};

void http_options_defaults(struct http_options *o);
/* Sets the proxy from http://[user:password@]host:port; returns 0, or -1 with a reason. */
int http_options_proxy(struct http_options *o, const char *spec, const char **why);
/* Adds a HOST:ADDR:PORT connect-to mapping; returns 0 or -1. */
int http_options_connect_to(struct http_options *o, const char *spec);
/* Fetches url; returns 0 when a response (any status) arrived, -1 when a phase failed (out->failed, out->error,
 * out->code). */
int http_get(const char *url, const struct http_options *opt, struct http_result *out);
/* A request with a body (POST, PUT). headers: extra header lines, each ending in CRLF (e.g. an Authorization
 * token: never logged or reported). */
struct http_body {
	const char *method;
	const char *content_type;
	const uint8_t *data;
	size_t len;
	const char *headers;
};
/* Sends the body to url; like http_get, but only 307/308 redirects are followed (RFC 9110 15.4), and with extra
 * headers only within the same scheme, host and port (url_redirect_allowed). Neither follows https to http. */
int http_send(const char *url, const struct http_options *opt, const struct http_body *body, struct http_result *out);
void http_result_free(struct http_result *r);
/* The first line of the body, non-printable bytes as '?', at most cap - 1 characters: for reports and messages. */
void http_body_excerpt(const struct http_result *r, char *out, size_t cap);
const char *http_phase_name(enum http_phase p);

#endif
