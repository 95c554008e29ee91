/*
 * aik_chain_probe.c - see aik_chain_probe.h. GET <AIK URL>?operation=
 * GetCACertChain&message=default, as Windows' SCEP client asks after
 * GetCACaps (RFC 8894 3.5.1 names GetCACert; Microsoft's service answers the
 * chain variant with a certs-only CMS message, RFC 8894 3.5.1.2). A chain that
 * does not reach Microsoft's TPM root fails, as ek.chain does for an EK
 * certificate; an answer that cannot be read, an incomplete one, an AIK CA the
 * cab does not list and dates warn, as an unexpected GetCACaps answer does.
 */
#include "checks/judges/aik_chain_probe.h"
#include "checks/ekcert/aik_service_chain.h"
#include "checks/x509/cert_time.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CHAIN_EVIDENCE_CERTS = 10 }; /* two evidence lines each, within EVIDENCE_MAX beside the probe's own */

static void evidence_certs(const struct aik_chain_result *c, struct check_result *res)
{
	for (size_t i = 0; i < c->count && i < CHAIN_EVIDENCE_CERTS; i++) {
		const struct aik_chain_cert *k = &c->cert[i];
		char from[32], to[32];
		format_unix_iso(from, sizeof(from), k->not_before);
		format_unix_iso(to, sizeof(to), k->not_after);
		char key[24];
		snprintf(key, sizeof(key), "chain_%zu", i + 1); /* chain_1, chain_1_id ...: each certificate's pair */
		result_evidence(res, key, "[%s] %s; issuer %s; %s", aik_cert_role_name(k->role), k->subject, k->issuer,
				k->verified ? "verified" : "NOT verified");
		snprintf(key, sizeof(key), "chain_%zu_id", i + 1);
		result_evidence(res, key, "serial %s, valid %s to %s, sha256 %s", k->serial, from, to, k->sha256);
	}
	if (c->count > CHAIN_EVIDENCE_CERTS)
		result_evidence(res, "chain_more", "%zu more certificates not shown", c->count - CHAIN_EVIDENCE_CERTS);
}

static void judge_chain(const struct aik_chain_result *c, struct check_result *res)
{
	static const struct { enum check_status status; const char *reason, *words; } by_state[] = {
		[AIK_CHAIN_VERIFIED] = { CHECK_PASS, NULL, "" },
		[AIK_CHAIN_UNPARSEABLE] = { CHECK_WARN, "chain-unparseable", "The AIK service's GetCACertChain answer cannot be read" },
		[AIK_CHAIN_EMPTY] = { CHECK_WARN, "chain-empty", "The AIK service's GetCACertChain answer holds no certificate" },
		[AIK_CHAIN_UNTRUSTED] = { CHECK_FAIL, "chain-untrusted", "The AIK service's certificates do not chain to "
					  "Microsoft's TPM root" },
		[AIK_CHAIN_INCOMPLETE] = { CHECK_WARN, "chain-incomplete", "The AIK service's certificate chain is incomplete" },
		[AIK_CHAIN_CA_DIFFERS] = { CHECK_WARN, "aik-ca-differs", "The AIK CA the service presents is not the one "
					   "TrustedTpm.cab lists" },
		[AIK_CHAIN_OUT_OF_DATE] = { CHECK_WARN, "chain-out-of-date", "A certificate of the AIK service's chain is out "
					    "of date" },
	};
	if (c->state == AIK_CHAIN_VERIFIED)
		outcome_set(res, CHECK_PASS, NULL, "The AIK authority answers; its AIK CA %.80s chains to Microsoft's TPM root",
			    c->cert[c->aik_ca].subject);
	else {
		outcome_set(res, by_state[c->state].status, by_state[c->state].reason, "%s", by_state[c->state].words);
		result_details(res, "%s.", c->problem);
	}
	result_evidence(res, "chain_state", "%s (%zu certificates)", aik_chain_state_name(c->state), c->count);
	if (c->anchor[0])
		result_evidence(res, "chain_anchor", "%s", c->anchor);
	if (c->cab_match[0])
		result_evidence(res, "chain_cab_match", "%s", c->cab_match);
	evidence_certs(c, res);
}

static void judge_status(const struct http_result *r, struct check_result *res)
{
	char first[160];
	http_body_excerpt(r, first, sizeof(first));
	if (r->head.status == 404 && r->body && strstr((const char *)r->body, "does not exist"))
		outcome_set(res, CHECK_FAIL, "authority-does-not-exist", "Microsoft says the authority does not exist (HTTP 404 "
			    "to GetCACertChain)");
	else
		outcome_set(res, CHECK_WARN, "chain-http-error", "GetCACertChain answered HTTP %d %s", r->head.status,
			    r->head.reason);
	result_evidence(res, "chain_http_status", "%d", r->head.status);
	result_evidence(res, "chain_body", "%s", first);
}

void probe_aik_chain(const struct engine *e, struct check_result *res)
{
	engine_say(e, "asking the AIK service for its certificate chain");
	char url[400];
	snprintf(url, sizeof(url), "%s?operation=GetCACertChain&message=default", e->rsa_ek->v.aik.url);
	result_evidence(res, "chain_url", "%s", url);
	struct http_result r;
	if (e->opt->fetch(url, &e->opt->http, &r) != 0) {
		outcome_set(res, CHECK_WARN, "unreachable", "The AIK service answered GetCACaps but not GetCACertChain (%s)",
			    http_phase_name(r.failed));
		result_details(res, "%s", r.error);
		result_evidence(res, "failure_code", "%s", r.code);
	} else if (r.head.status != 200) {
		judge_status(&r, res);
	} else {
		struct aik_chain_result *c = malloc(sizeof(*c));
		if (!c) {
			outcome_set(res, CHECK_ERROR, "no-memory", "Out of memory for the AIK service's certificate chain");
		} else {
			aik_chain_verify(r.body, r.body_len, e->opt->store, &e->rsa_ek->v.aik.id, e->now, c);
			judge_chain(c, res);
			free(c);
		}
	}
	http_result_free(&r);
}
