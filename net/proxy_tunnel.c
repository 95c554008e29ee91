/* proxy_tunnel.c - see proxy_tunnel.h. */
#include "proxy_tunnel.h"
#include <stdio.h>

int proxy_tunnel_request(const struct url *u, const struct http_options *o, char *buf, size_t cap)
{
	int n = snprintf(buf, cap, "CONNECT %s:%u HTTP/1.1\r\nHost: %s:%u\r\n%s\r\n", u->host, u->port, u->host, u->port,
			 o->proxy_auth_header);
	return n < 0 || (size_t)n >= cap ? -1 : n;
}

int proxy_tunnel_answer(const char *head, size_t have, const struct url *u, const struct http_options *o, char *err,
			size_t err_len, char *code)
{
	struct http_head h;
	const char *why = NULL;
	if (have > HTTP_HEAD_MAX) {
		snprintf(err, err_len, "proxy %s: the answer to CONNECT is too long", o->proxy_host);
		failure_code_set(code, "PROXY-BAD-ANSWER");
		return -1;
	}
	int r = http_parse_head(head, have, &h, &why);
	if (r < 0) {
		snprintf(err, err_len, "proxy %s: malformed answer to CONNECT: %s", o->proxy_host, why);
		failure_code_set(code, "PROXY-BAD-ANSWER");
		return -1;
	}
	if (r == 0)
		return 1;
	if (h.status / 100 != 2) { /* RFC 9110 15.5.8: 407, the proxy wants (other) credentials */
		snprintf(err, err_len, "proxy %s refused the tunnel to %s: HTTP %d %s%s", o->proxy_host, u->host, h.status,
			 h.reason, h.status == 407 ? " (proxy credentials needed or wrong)" : "");
		failure_code_set(code, h.status == 407 ? "PROXY-AUTH-REQUIRED" : "PROXY-REFUSED");
		return -1;
	}
	return 0;
}
