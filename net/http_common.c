/* http_common.c - the parts of the HTTP client API that do not touch the network (options, names, freeing). */
#include "http_client.h"
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
