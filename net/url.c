/* url.c - parse http/https URLs with every part length-checked. */
#include "url.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int set_path(struct url *out, const char *path, const char **why)
{
	if (!*path)
		path = "/";
	if (*path != '/' || strlen(path) >= sizeof(out->path)) {
		*why = *path != '/' ? "the path must start with '/'" : "the path is too long";
		return -1;
	}
	for (const char *p = path; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f) {
			*why = "the path contains blanks or control characters";
			return -1;
		}
	strcpy(out->path, path);
	return 0;
}

static int set_authority(struct url *out, const char *a, size_t n, const char **why)
{
	const char *host = a, *colon = NULL;
	size_t host_len = n;
	if (memchr(a, '@', n)) {
		*why = "user names in URLs are not supported";
		return -1;
	}
	if (n && a[0] == '[') { /* IPv6 literal */
		const char *close = memchr(a, ']', n);
		if (!close) {
			*why = "an unterminated IPv6 address";
			return -1;
		}
		host = a + 1;
		host_len = (size_t)(close - a - 1);
		colon = close + 1 < a + n && close[1] == ':' ? close + 1 : NULL;
	} else {
		colon = memchr(a, ':', n);
		if (colon)
			host_len = (size_t)(colon - a);
	}
	if (host_len == 0 || host_len >= sizeof(out->host)) {
		*why = "the host is empty or too long";
		return -1;
	}
	memcpy(out->host, host, host_len);
	out->host[host_len] = 0;
	for (size_t i = 0; i < host_len; i++)
		if (!isalnum((unsigned char)out->host[i]) && !strchr("-._:", out->host[i])) {
			*why = "the host contains characters a host name cannot have";
			return -1;
		}
	out->port = out->https ? 443 : 80;
	if (colon) {
		char digits[8] = "";
		size_t d = (size_t)(a + n - colon - 1);
		if (d == 0 || d > 5) {
			*why = "the port is not a number from 1 to 65535";
			return -1;
		}
		memcpy(digits, colon + 1, d);
		char *end;
		unsigned long port = strtoul(digits, &end, 10);
		if (*end || port == 0 || port > 65535) {
			*why = "the port is not a number from 1 to 65535";
			return -1;
		}
		out->port = (uint16_t)port;
	}
	return 0;
}

int url_parse(const char *text, struct url *out, const char **why)
{
	memset(out, 0, sizeof(*out));
	const char *rest;
	if (strncasecmp(text, "https://", 8) == 0) {
		out->https = true;
		rest = text + 8;
	} else if (strncasecmp(text, "http://", 7) == 0) {
		rest = text + 7;
	} else {
		*why = "only http:// and https:// URLs are supported";
		return -1;
	}
	size_t n = strcspn(rest, "/?#");
	if (set_authority(out, rest, n, why) != 0)
		return -1;
	char path[URL_PATH_MAX + 1];
	size_t plen = strcspn(rest + n, "#");
	if (plen >= sizeof(path)) {
		*why = "the path is too long";
		return -1;
	}
	memcpy(path, rest + n, plen);
	path[plen] = 0;
	if (path[0] == '?') { /* "host?query" means "/?query" */
		memmove(path + 1, path, plen + 1);
		path[0] = '/';
	}
	return set_path(out, path, why);
}

int url_resolve(const struct url *base, const char *location, struct url *out, const char **why)
{
	if (strncasecmp(location, "http://", 7) == 0 || strncasecmp(location, "https://", 8) == 0)
		return url_parse(location, out, why);
	if (location[0] == '/' && location[1] == '/') {
		char absolute[URL_HOST_MAX + URL_PATH_MAX + 16];
		snprintf(absolute, sizeof(absolute), "%s:%s", base->https ? "https" : "http", location);
		return url_parse(absolute, out, why);
	}
	*out = *base;
	return set_path(out, location, why);
}

int url_redirect_allowed(const struct url *from, const struct url *to, bool credentials, const char **why, char *code)
{
	if (credentials && (from->https != to->https || from->port != to->port || strcasecmp(from->host, to->host) != 0)) {
		*why = "the request's headers (credentials) go only to the scheme, host and port configured";
		failure_code_set(code, "HTTP-REDIRECT-CROSS-ORIGIN");
		return -1;
	}
	if (from->https && !to->https) {
		*why = "it leaves HTTPS for plain HTTP";
		failure_code_set(code, "HTTP-REDIRECT-INSECURE");
		return -1;
	}
	return 0;
}

void url_format(const struct url *u, char *out, size_t cap)
{
	bool v6 = strchr(u->host, ':') != NULL, default_port = u->port == (u->https ? 443 : 80);
	char port[8] = "";
	if (!default_port)
		snprintf(port, sizeof(port), ":%u", u->port);
	snprintf(out, cap, "%s://%s%s%s%s%s", u->https ? "https" : "http", v6 ? "[" : "", u->host, v6 ? "]" : "", port,
		 u->path);
}
