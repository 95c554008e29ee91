/*
 * check_aik.c - what the RSA EK certificate says about attestation: its
 * usage, manufacturer and validity, its chain to the TrustedTpm roots, the
 * AIK CA Windows will ask for and whether Microsoft still has it.
 */
#include "engine_internal.h"
#include "cert_time.h"
#include <stdio.h>
#include <string.h>

void check_ek_properties(struct engine *e)
{
	if (!e->rsa_ek) {
		engine_skip(e, CHECK_EK_CERT_EKU, "no RSA EK certificate");
		engine_skip(e, CHECK_EK_CERT_MANUFACTURER, "no RSA EK certificate");
		engine_skip(e, CHECK_EK_CERT_VALIDITY, "no RSA EK certificate");
		return;
	}
	const struct ek_verification *v = &e->rsa_ek->v;
	report_add(e->report, CHECK_EK_CERT_EKU, v->facts.eku_ek_certificate ? CHECK_PASS : CHECK_WARN,
		   v->facts.eku_ek_certificate ? "EKU 2.23.133.8.1 (EK certificate) present" : "No EK certificate EKU");
	char from_san[5];
	cert_facts_manufacturer(&v->facts, from_san);
	bool same = !from_san[0] || strcmp(from_san, e->id.manufacturer_id) == 0;
	struct check_result *r = report_add(e->report, CHECK_EK_CERT_MANUFACTURER, same ? CHECK_PASS : CHECK_WARN,
		from_san[0] ? "Certificate manufacturer %s, TPM manufacturer %s" : "The certificate names no manufacturer (TPM: %s%s)",
		from_san[0] ? from_san : "", e->id.manufacturer_id);
	result_evidence(r, "san_manufacturer", "%s", v->facts.tpm_manufacturer);
	result_evidence(r, "san_model", "%s", v->facts.tpm_model);
	result_evidence(r, "san_version", "%s", v->facts.tpm_version);
	char from[32], to[32], now[32];
	format_unix_iso(from, sizeof(from), v->facts.not_before);
	format_unix_iso(to, sizeof(to), v->facts.not_after);
	format_unix_iso(now, sizeof(now), e->now);
	bool valid = !v->expired && !v->not_yet_valid;
	r = report_add(e->report, CHECK_EK_CERT_VALIDITY, valid ? CHECK_PASS : CHECK_FAIL, "%s (valid %s to %s, clock %s)",
		       valid ? "Within its validity" : v->expired ? "Expired" : "Not yet valid", from, to, now);
}

static void check_cab(struct engine *e)
{
	engine_step(e, CHECK_TRUST_CAB);
	const struct trust_store *t = e->opt->store;
	if (!t) {
		struct check_result *r = report_add(e->report, CHECK_TRUST_CAB, e->opt->store_given ? CHECK_FAIL : CHECK_WARN,
			e->opt->store_given ? "The TrustedTpm.cab given cannot be used: the chain and the AIK CA are not checked"
					    : "No TrustedTpm.cab: the chain and the AIK CA cannot be checked offline");
		result_details(r, "%s%s%s", e->opt->store_problem, e->opt->store_refresh[0] ? "; " : "", e->opt->store_refresh);
		return;
	}
	char date[16], digest[65];
	trust_store_date(t, date, sizeof(date));
	hex_lower(digest, t->sha256, 32);
	struct check_result *r = report_add(e->report, CHECK_TRUST_CAB, CHECK_PASS, "TrustedTpm.cab dated %s (%zu AIK CAs)",
					    date, t->aik_cas);
	result_evidence(r, "file", "%s", e->opt->store_name);
	result_evidence(r, "sha256", "%s", digest);
	if (e->opt->store_refresh[0])
		result_evidence(r, "refresh", "%s", e->opt->store_refresh);
	if (e->opt->store_skipped[0])
		result_evidence(r, "skipped", "%s", e->opt->store_skipped);
}

static void check_chain(struct engine *e)
{
	engine_step(e, CHECK_EK_CHAIN);
	const struct chain_result *c = &e->rsa_ek->v.chain;
	static const enum check_status status[] = { CHECK_PASS, CHECK_WARN, CHECK_FAIL, CHECK_FAIL, CHECK_FAIL };
	static const char *words[] = {
		"The EK certificate chains to a TrustedTpm root",
		"The chain ends at a TrustedTpm intermediate whose root the cab lacks (known gap: AMD fTPM)",
		"An issuing CA is missing: neither the TPM nor TrustedTpm.cab holds it",
		"A signature in the chain does not verify",
		"The chain ends at a root TrustedTpm.cab does not hold",
	};
	struct check_result *r = report_add(e->report, CHECK_EK_CHAIN, status[c->state], "%s", words[c->state]);
	if (c->state != CHAIN_TRUSTED)
		result_details(r, "Looked for \"%s\"%s%s.", c->missing_issuer_cn, c->missing_issuer_url[0] ? "; it is published at " : "",
			       c->missing_issuer_url);
	for (int i = 0; i < e->rsa_ek->v.aia.fetched; i++)
		result_evidence(r, "fetched", "%s (caIssuers)", e->rsa_ek->v.aia.urls[i]);
	if (e->rsa_ek->v.aia.problem[0])
		result_evidence(r, "fetch_failed", "%s", e->rsa_ek->v.aia.problem);
	for (size_t i = 0; i < c->steps; i++)
		result_evidence(r, "chain", "[%s] %s%s%s%s", c->step[i].source,
				c->step[i].subject_cn[0] ? c->step[i].subject_cn : c->step[i].name,
				c->step[i].signature[0] ? " (signed " : "", c->step[i].signature, c->step[i].signature[0] ? ")" : "");
}

static void check_aik_url(struct engine *e)
{
	engine_step(e, CHECK_AIK_URL);
	const struct aik_derivation *a = &e->rsa_ek->v.aik;
	struct check_result *r = report_add(e->report, CHECK_AIK_URL, a->rule == AIK_RULE_NONE ? CHECK_FAIL : CHECK_PASS, "%s",
					    a->rule == AIK_RULE_NONE ? a->explanation : a->url);
	result_evidence(r, "aik_id", "%s", a->id.canonical);
	result_evidence(r, "rule", "%s: %s", aik_rule_name(a->rule), a->explanation);
}

static void check_authority(struct engine *e)
{
	engine_step(e, CHECK_AIK_AUTHORITY);
	const struct ek_verification *v = &e->rsa_ek->v;
	const struct aik_ca_status *s = &v->aik_status;
	char date[16];
	trust_store_date(e->opt->store, date, sizeof(date));
	struct check_result *r;
	if (s->state == AIK_CA_LISTED)
		r = report_add(e->report, CHECK_AIK_AUTHORITY, CHECK_PASS, "%s is listed (valid until %s)", v->aik.id.canonical,
			       s->not_after);
	else if (s->state == AIK_CA_LISTED_EXPIRED)
		r = report_add(e->report, CHECK_AIK_AUTHORITY, CHECK_WARN, "%s is listed but expired (%s)", v->aik.id.canonical,
			       s->not_after);
	else if (s->state == AIK_CA_REMOVED)
		r = report_add(e->report, CHECK_AIK_AUTHORITY, CHECK_FAIL, "%s was removed on %04d-%02d-%02d and not re-added: "
			       "\"the authority does not exist\"", v->aik.id.canonical, s->removed_on.year, s->removed_on.month,
			       s->removed_on.day);
	else
		r = report_add(e->report, CHECK_AIK_AUTHORITY, CHECK_FAIL, "%s is unknown to TrustedTpm.cab dated %s",
			       v->aik.id.canonical, date);
	for (size_t i = 0; i < s->files && i < 4; i++)
		result_evidence(r, "file", "%s", s->file_names[i]);
	result_evidence(r, "history_entries", "%zu", s->events);
}

void check_ek_chain_and_aik(struct engine *e)
{
	check_cab(e);
	if (!e->rsa_ek) {
		engine_skip(e, CHECK_EK_CHAIN, "no RSA EK certificate");
		engine_skip(e, CHECK_AIK_URL, "no RSA EK certificate");
		engine_skip(e, CHECK_AIK_AUTHORITY, "no RSA EK certificate");
		return;
	}
	if (e->opt->store)
		check_chain(e);
	else
		engine_skip(e, CHECK_EK_CHAIN, "no TrustedTpm.cab");
	check_aik_url(e);
	if (e->opt->store && e->rsa_ek->v.aik.rule != AIK_RULE_NONE)
		check_authority(e);
	else
		engine_skip(e, CHECK_AIK_AUTHORITY, e->opt->store ? "no AIK CA id" : "no TrustedTpm.cab");
}
