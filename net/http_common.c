/* http_common.c - the parts of the HTTP client API that do not touch the network (options, names, freeing). */
#include "http_client.h"
#include <mbedtls/base64.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void http_options_defaults(struct http_options *o)
{
	memset(o, 0, sizeof(*o));
	o->dns_ms = 5000;
	o->connect_ms = 5000;
	o->tls_ms = 10000;
	o->first_byte_ms = 10000;
	o->total_ms = 30000;
	o->max_body = 1024 * 1024;
	o->max_redirects = 5;
	o->ca_file = "/etc/ssl/certs/ca-certificates.crt";
}

int http_options_connect_to(struct http_options *o, const char *spec)
{
	const char *a = strchr(spec, ':'), *p = a ? strrchr(a + 1, ':') : NULL;
	if (o->connect_count >= (int)(sizeof(o->connect_to) / sizeof(o->connect_to[0])))
		return -1;
	struct connect_to *m = &o->connect_to[o->connect_count];
	if (!a || !p || a == spec || p == a + 1 || (size_t)(a - spec) >= sizeof(m->host) || (size_t)(p - a - 1) >= sizeof(m->addr))
		return -1;
	char *end;
	unsigned long port = strtoul(p + 1, &end, 10);
	if (*end || port == 0 || port > 65535)
		return -1;
	memcpy(m->host, spec, (size_t)(a - spec));
	m->host[a - spec] = 0;
	memcpy(m->addr, a + 1, (size_t)(p - a - 1));
	m->addr[p - a - 1] = 0;
	m->port = (uint16_t)port;
	o->connect_count++;
	return 0;
}

const char *http_phase_name(enum http_phase p)
{
	static const char *names[] = { "ok", "url", "dns", "connect", "tls", "send", "first-byte", "body", "too-large",
				       "redirects", "memory" };
	return names[p];
}

void http_result_free(struct http_result *r)
{
	free(r->body);
	r->body = NULL;
}

int http_options_proxy(struct http_options *o, const char *spec, const char **why)
{
	char text[URL_HOST_MAX + 300], userinfo[200] = "";
	const char *rest = strncmp(spec, "http://", 7) == 0 ? spec + 7 : NULL;
	if (!rest) {
		*why = "the proxy must be given as http://[user:password@]host:port";
		return -1;
	}
	const char *at = strchr(rest, '@');
	if (at) { /* the URL parser refuses user names, so they are taken off here */
		if ((size_t)(at - rest) >= sizeof(userinfo)) {
			*why = "the proxy credentials are too long";
			return -1;
		}
		memcpy(userinfo, rest, (size_t)(at - rest));
		userinfo[at - rest] = 0;
		rest = at + 1;
	}
	snprintf(text, sizeof(text), "http://%s", rest);
	struct url u;
	if (url_parse(text, &u, why) != 0)
		return -1;
	snprintf(o->proxy_host, sizeof(o->proxy_host), "%s", u.host);
	o->proxy_port = u.port;
	o->proxy_auth_header[0] = 0;
	if (userinfo[0]) { /* made once here, sent with the CONNECT or with each absolute-URI request */
		static const char name[] = "Proxy-Authorization: Basic ";
		size_t n = 0, room = sizeof(o->proxy_auth_header) - (sizeof(name) - 1) - 3;
		memcpy(o->proxy_auth_header, name, sizeof(name) - 1);
		unsigned char *b64 = (unsigned char *)o->proxy_auth_header + sizeof(name) - 1;
		if (mbedtls_base64_encode(b64, room, &n, (const unsigned char *)userinfo, strlen(userinfo)) != 0) {
			o->proxy_auth_header[0] = 0;
			*why = "the proxy credentials are too long";
			return -1;
		}
		memcpy(b64 + n, "\r\n", 3);
	}
	return 0;
}

void http_body_excerpt(const struct http_result *r, char *out, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; r->body && i < r->body_len && n + 1 < cap && r->body[i] != '\n' && r->body[i] != '\r'; i++)
		out[n++] = r->body[i] >= 0x20 && r->body[i] < 0x7f ? (char)r->body[i] : '?';
	out[n] = 0;
}
