/* net_probe_lwip.c - every endpoint's connection opens at once, advanced step by step in one polling loop, so the
 * list costs about one slow round trip; each is still bounded by its own phase limits. */
#include "net_probe.h"
#include "net_conn_lwip.h"
#include "net_stack.h"
#include <stdio.h>
#include <string.h>

static struct net_conn *start_one(const char *host, const struct http_options *o, struct probe_result *r)
{
	struct url u;
	const char *why;
	char text[URL_HOST_MAX + 16];
	snprintf(text, sizeof(text), "https://%s/", host);
	snprintf(r->host, sizeof(r->host), "%s", host);
	if (url_parse(text, &u, &why) != 0) {
		r->failed = HTTP_URL;
		snprintf(r->error, sizeof(r->error), "bad host name: %s", why);
		failure_code_set(r->code, "URL-INVALID");
		return NULL;
	}
	struct net_conn *c = net_conn_start(&u, o);
	if (!c) {
		r->failed = HTTP_MEMORY;
		snprintf(r->error, sizeof(r->error), "out of memory");
		failure_code_set(r->code, "NET-NO-MEMORY");
	}
	return c;
}

int net_probe_https(const char *const *hosts, int count, const struct http_options *o, struct probe_result *out)
{
	struct net_conn *conns[PROBE_HOSTS_MAX] = { NULL };
	if (count > PROBE_HOSTS_MAX)
		count = PROBE_HOSTS_MAX;
	memset(out, 0, sizeof(*out) * (size_t)count);
	for (int i = 0; i < count; i++)
		conns[i] = start_one(hosts[i], o, &out[i]);
	for (bool busy = true; busy;) {
		busy = false;
		net_stack_poll();
		for (int i = 0; i < count; i++)
			if (conns[i] && net_conn_step(conns[i]) == 1)
				busy = true;
	}
	int ok = 0;
	for (int i = 0; i < count; i++) {
		if (!conns[i])
			continue;
		struct http_result timing = { .code = "" };
		out[i].failed = net_conn_outcome(conns[i], &timing, out[i].error, sizeof(out[i].error));
		out[i].dns_ms = timing.dns_ms;
		out[i].connect_ms = timing.connect_ms;
		out[i].tls_ms = timing.tls_ms;
		failure_code_set(out[i].code, timing.code);
		ok += out[i].failed == HTTP_OK;
		net_conn_close(conns[i]);
	}
	return ok;
}
