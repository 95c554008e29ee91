/*
 * check_online.c - the checks that ask the network. The AIK authority probe
 * asks Microsoft's AIK service the question Windows' SCEP client asks first
 * (docs/attestation-facts.md §2): a capabilities answer means the authority exists; a 404
 * whose body says it does not exist means attestation cannot succeed. The
 * answer can disagree with TrustedTpm.cab: both are reported. When the
 * authority answers, its certificate chain is asked for and verified
 * (aik_chain_probe.c).
 */
#include "checks/judges/aik_chain_probe.h"
#include "boot/platform.h"
#include <stdio.h>
#include <string.h>

static void judge_answer(const struct http_result *r, const char *cab_state, struct check_result *res)
{
	char first[160];
	http_body_excerpt(r, first, sizeof(first));
	bool gone = r->head.status == 404 && r->body && strstr((const char *)r->body, "does not exist");
	if (r->head.status == 200)
		outcome_set(res, CHECK_PASS, NULL, "The AIK authority answers (capabilities: %s)", first);
	else if (gone)
		outcome_set(res, CHECK_FAIL, "authority-does-not-exist", "Microsoft says the authority does not exist (HTTP 404)");
	else
		outcome_set(res, CHECK_WARN, "unexpected-answer", "Unexpected answer: HTTP %d %s", r->head.status, r->head.reason);
	result_evidence(res, "http_status", "%d", r->head.status);
	result_evidence(res, "body", "%s", first);
	result_evidence(res, "cab_state", "%s", cab_state);
	result_evidence(res, "timing_ms", "dns %u, connect %u, tls %u, total %u", r->dns_ms, r->connect_ms, r->tls_ms,
			r->total_ms);
	if (strcmp(cab_state, "listed") == 0 && gone)
		result_details(res, "TrustedTpm.cab still lists this AIK CA, but the service says it is gone: trust the service.");
}

/* The UEFI application's TLS (mbed TLS's entropy) draws from platform_random: EFI_RNG_PROTOCOL, RDRAND or the TPM's
 * TPM2_GetRandom. The Linux command's comes from the operating system. */
static void evidence_random_source(const struct engine *e, struct check_result *r)
{
	if (e->opt->network)
		result_evidence(r, "random_source", "%s", platform_random_source());
}

void judge_aik_probe(const struct engine *e, struct check_result *res)
{
	engine_say(e, "asking Microsoft's AIK service");
	char url[400];
	snprintf(url, sizeof(url), "%s?operation=GetCACaps&message=default", e->rsa_ek->v.aik.url);
	struct http_result r;
	const char *cab_state = e->rsa_ek->v.have_status ? aik_ca_state_name(e->rsa_ek->v.aik_status.state) : "no cab";
	if (e->opt->fetch(url, &e->opt->http, &r) != 0) {
		outcome_set(res, CHECK_WARN, "unreachable", "The AIK service could not be reached (%s)", http_phase_name(r.failed));
		result_details(res, "%s", r.error);
		result_evidence(res, "failure_code", "%s", r.code);
		result_evidence(res, "url", "%s", url);
		result_evidence(res, "cab_state", "%s", cab_state);
	} else {
		judge_answer(&r, cab_state, res);
		if (r.head.status == 200) /* the authority exists: what it presents must lead to Microsoft's TPM root */
			probe_aik_chain(e, res);
	}
	evidence_random_source(e, res);
	http_result_free(&r);
}

/* docs/attestation-facts.md §8: the hosts Autopilot TPM attestation needs (TCP 443). The TPM's own AIK host is added when known. */
static const char *const endpoints[] = {
	"ekop.intel.com", "ftpm.amd.com", "ekcert.spserv.microsoft.com", "ztd.dds.microsoft.com", "cs.dds.microsoft.com",
	"login.live.com", "login.microsoftonline.com",
};

void judge_endpoints(const struct engine *e, struct check_result *r)
{
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
	outcome_set(r, ok == n ? CHECK_PASS : CHECK_FAIL, "endpoints-fail",
					    ok == n ? "All %d endpoints answer (DNS, TCP, TLS)" : "%d of %d endpoints fail", ok == n ? n : n - ok, n);
	for (int i = 0; i < n; i++) {
		const struct probe_result *p = &results[i];
		if (p->failed == HTTP_OK)
			result_evidence(r, "endpoint", "%s: ok (dns %u ms, tcp %u ms, tls %u ms)", p->host, p->dns_ms,
					p->connect_ms, p->tls_ms);
		else /* the code in brackets: a factory counts the failures by it */
			result_evidence(r, "endpoint", "%s: %s failed [%s]: %s (dns %u ms, tcp %u ms, tls %u ms)", p->host,
					http_phase_name(p->failed), p->code, p->error, p->dns_ms, p->connect_ms, p->tls_ms);
	}
	evidence_random_source(e, r);
}
