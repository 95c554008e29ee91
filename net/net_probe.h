/*
 * net_probe.h - reachability of many HTTPS endpoints at once: DNS, TCP connect
 * and TLS handshake (verified) per host, with timings, run concurrently so the
 * whole list costs about one slow round trip, not the sum.
 */
#ifndef PREFLIGHT_NET_PROBE_H
#define PREFLIGHT_NET_PROBE_H
#include "http_client.h"

enum { PROBE_HOSTS_MAX = 16 };

struct probe_result {
	char host[URL_HOST_MAX];
	enum http_phase failed; /* HTTP_OK when DNS, TCP and TLS all succeeded */
	char error[240];
	char code[FAILURE_CODE_MAX]; /* the failure's code (failure_code.h), "" when the host answered */
	unsigned dns_ms, connect_ms, tls_ms;
};

/* Probes every host on port 443 (connect-to mappings apply); returns how many succeeded. */
int net_probe_https(const char *const *hosts, int count, const struct http_options *o, struct probe_result *out);

#endif
