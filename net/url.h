/* url.h - http and https URLs (RFC 3986) as the HTTP client needs them: scheme, host, port, path with query. */
#ifndef PREFLIGHT_URL_H
#define PREFLIGHT_URL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "failure_code.h"

enum { URL_HOST_MAX = 256, URL_PATH_MAX = 1024 };

struct url {
	bool https;
	char host[URL_HOST_MAX]; /* without brackets for IPv6 literals */
	uint16_t port;
	char path[URL_PATH_MAX]; /* path and query, "/" at least */
};

/* Parses an absolute http(s) URL; returns 0, or -1 with a reason. */
int url_parse(const char *text, struct url *out, const char **why);
/* Resolves a redirect target (absolute, or absolute-path) against the current URL. */
int url_resolve(const struct url *base, const char *location, struct url *out, const char **why);
/* Writes the URL back as text, the port only when not the scheme's default (RFC 3986 6.2.3), an IPv6 host in
 * brackets. */
void url_format(const struct url *u, char *out, size_t cap);
/*
 * Whether a redirect from `from` to `to` may be followed; 0, or -1 with a reason and its failure code. Never from https to http: the
 * answer would arrive unprotected (the TLS promise of the first URL would be void). With credentials (extra
 * request headers such as Authorization), only within the same origin, scheme, host and port (RFC 6454 4): a
 * token for one service is not handed to another, which is what curl does since CVE-2018-1000007 and
 * CVE-2022-27776.
 */
int url_redirect_allowed(const struct url *from, const struct url *to, bool credentials, const char **why, char *code);

#endif
