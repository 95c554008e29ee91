/*
 * check_online.c - the checks that ask the network. The AIK authority probe
 * asks Microsoft's AIK service the question Windows' SCEP client asks first
 * (DOMAIN.md 2): a capabilities answer means the authority exists; a 404
 * whose body says it does not exist means attestation cannot succeed. The
 * answer can disagree with TrustedTpm.cab: both are reported.
 */
#include "engine_internal.h"
#include "report_files.h"
#include <stdio.h>
#include <string.h>

static void judge(struct engine *e, const struct http_result *r, const char *cab_state)
{
	char first[160];
	http_body_excerpt(r, first, sizeof(first));
	bool gone = r->head.status == 404 && r->body && strstr((const char *)r->body, "does not exist");
	struct check_result *res;
	if (r->head.status == 200)
		res = report_add(e->report, CHECK_AIK_PROBE, CHECK_PASS, "The AIK authority answers (capabilities: %s)", first);
	else if (gone)
		res = report_add(e->report, CHECK_AIK_PROBE, CHECK_FAIL, "Microsoft says the authority does not exist (HTTP 404)");
	else
		res = report_add(e->report, CHECK_AIK_PROBE, CHECK_WARN, "Unexpected answer: HTTP %d %s", r->head.status,
				 r->head.reason);
	result_evidence(res, "http_status", "%d", r->head.status);
	result_evidence(res, "body", "%s", first);
	result_evidence(res, "cab_state", "%s", cab_state);
	result_evidence(res, "timing_ms", "dns %u, connect %u, tls %u, total %u", r->dns_ms, r->connect_ms, r->tls_ms,
			r->total_ms);
	if (strcmp(cab_state, "listed") == 0 && gone)
		result_details(res, "TrustedTpm.cab still lists this AIK CA, but the service says it is gone: trust the service.");
}

void check_aik_probe(struct engine *e)
{
	if (!e->opt->fetch) {
		engine_skip(e, CHECK_AIK_PROBE, e->opt->offline_reason[0] ? e->opt->offline_reason : "offline");
		return;
	}
	if (!e->rsa_ek || e->rsa_ek->v.aik.rule == AIK_RULE_NONE) {
		engine_skip(e, CHECK_AIK_PROBE, "no AIK URL to ask");
		return;
	}
	engine_step(e, CHECK_AIK_PROBE);
	if (e->opt->progress)
		e->opt->progress("aik.authority.probe", "asking Microsoft's AIK service");
	char url[400];
	snprintf(url, sizeof(url), "%s?operation=GetCACaps&message=default", e->rsa_ek->v.aik.url);
	struct http_result r;
	const char *cab_state = e->rsa_ek->v.have_status ? aik_ca_state_name(e->rsa_ek->v.aik_status.state) : "no cab";
	if (e->opt->fetch(url, &e->opt->http, &r) != 0) {
		struct check_result *res = report_add(e->report, CHECK_AIK_PROBE, CHECK_WARN,
						      "The AIK service could not be reached (%s)", http_phase_name(r.failed));
		result_details(res, "%s", r.error);
		result_evidence(res, "url", "%s", url);
		result_evidence(res, "cab_state", "%s", cab_state);
	} else {
		judge(e, &r, cab_state);
	}
	http_result_free(&r);
}

/* DOMAIN.md 8: the hosts Autopilot TPM attestation needs (TCP 443). The TPM's own AIK host is added when known. */
static const char *const endpoints[] = {
	"ekop.intel.com", "ftpm.amd.com", "ekcert.spserv.microsoft.com", "ztd.dds.microsoft.com", "cs.dds.microsoft.com",
	"login.live.com", "login.microsoftonline.com",
};

void check_endpoints(struct engine *e)
{
	if (!e->opt->probe) {
		engine_skip(e, CHECK_NET_ENDPOINTS, e->opt->offline_reason[0] ? e->opt->offline_reason : "offline");
		return;
	}
	engine_step(e, CHECK_NET_ENDPOINTS);
	const char *hosts[PROBE_HOSTS_MAX];
	char aik_host[URL_HOST_MAX];
	int n = 0;
	struct url u;
	const char *why;
	if (e->rsa_ek && e->rsa_ek->v.aik.rule != AIK_RULE_NONE && url_parse(e->rsa_ek->v.aik.url, &u, &why) == 0) {
		snprintf(aik_host, sizeof(aik_host), "%s", u.host);
		hosts[n++] = aik_host;
	}
	for (size_t i = 0; i < sizeof(endpoints) / sizeof(endpoints[0]); i++)
		hosts[n++] = endpoints[i];
	struct probe_result results[PROBE_HOSTS_MAX];
	int ok = e->opt->probe(hosts, n, &e->opt->http, results);
	struct check_result *r = report_add(e->report, CHECK_NET_ENDPOINTS, ok == n ? CHECK_PASS : CHECK_FAIL,
					    ok == n ? "All %d endpoints answer (DNS, TCP, TLS)" : "%d of %d endpoints fail", ok == n ? n : n - ok, n);
	for (int i = 0; i < n; i++)
		result_evidence(r, "endpoint", "%s: %s%s%s (dns %u ms, tcp %u ms, tls %u ms)", results[i].host,
				results[i].failed == HTTP_OK ? "ok" : http_phase_name(results[i].failed),
				results[i].failed == HTTP_OK ? "" : ": ", results[i].error, results[i].dns_ms,
				results[i].connect_ms, results[i].tls_ms);
}
