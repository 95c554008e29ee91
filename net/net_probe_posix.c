/* net_probe_posix.c - one thread per endpoint, each bounded by the client's phase limits. mbed TLS is built with
 * its threading layer on Linux (preflight_mbedtls_user.h), and PSA is initialised once before the threads start. */
#include "net_probe.h"
#include "net_conn.h"
#include <psa/crypto.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

struct job {
	const char *host;
	const struct http_options *options;
	struct probe_result *result;
};

static void *probe_one(void *arg)
{
	struct job *j = arg;
	struct url u;
	const char *why;
	char text[URL_HOST_MAX + 16];
	struct http_result timing;
	memset(&timing, 0, sizeof(timing));
	snprintf(text, sizeof(text), "https://%s/", j->host);
	snprintf(j->result->host, sizeof(j->result->host), "%s", j->host);
	if (url_parse(text, &u, &why) != 0) {
		j->result->failed = HTTP_URL;
		snprintf(j->result->error, sizeof(j->result->error), "bad host name: %s", why);
		failure_code_set(j->result->code, "URL-INVALID");
		return NULL;
	}
	enum http_phase phase = HTTP_OK;
	struct net_conn *c = net_conn_open(&u, j->options, &timing, &phase, j->result->error, sizeof(j->result->error));
	j->result->failed = c ? HTTP_OK : phase;
	j->result->dns_ms = timing.dns_ms;
	j->result->connect_ms = timing.connect_ms;
	j->result->tls_ms = timing.tls_ms;
	failure_code_set(j->result->code, c ? "" : timing.code);
	net_conn_close(c);
	return NULL;
}

int net_probe_https(const char *const *hosts, int count, const struct http_options *o, struct probe_result *out)
{
	pthread_t threads[PROBE_HOSTS_MAX];
	struct job jobs[PROBE_HOSTS_MAX];
	bool started[PROBE_HOSTS_MAX] = { false };
	int ok = 0;
	if (count > PROBE_HOSTS_MAX)
		count = PROBE_HOSTS_MAX;
	memset(out, 0, sizeof(*out) * (size_t)count);
	psa_crypto_init();
	for (int i = 0; i < count; i++) {
		jobs[i] = (struct job){ hosts[i], o, &out[i] };
		started[i] = pthread_create(&threads[i], NULL, probe_one, &jobs[i]) == 0;
		if (!started[i])
			probe_one(&jobs[i]); /* no thread: probe it here, still bounded */
	}
	for (int i = 0; i < count; i++) {
		if (started[i])
			pthread_join(threads[i], NULL);
		ok += out[i].failed == HTTP_OK;
	}
	return ok;
}
