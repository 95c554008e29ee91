/* url.h - http and https URLs (RFC 3986) as the HTTP client needs them: scheme, host, port, path with query. */
#ifndef PREFLIGHT_URL_H
#define PREFLIGHT_URL_H
#include <stdbool.h>
#include <stdint.h>

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

#endif
