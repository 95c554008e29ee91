/*
 * check_aik.c - what the RSA EK certificate says about attestation: its
 * usage, manufacturer and validity, its chain to the TrustedTpm roots, the
 * AIK CA Windows will ask for and whether Microsoft still has it.
 */
#include "checks/engine/engine_internal.h"
#include "checks/x509/cert_time.h"
#include <stdio.h>
#include <string.h>

void judge_ek_eku(const struct engine *e, struct check_result *out)
{
	bool eku = e->rsa_ek->v.facts.eku_ek_certificate;
	outcome_set(out, eku ? CHECK_PASS : CHECK_WARN, "no-ek-eku",
		    eku ? "EKU 2.23.133.8.1 (EK certificate) present" : "No EK certificate EKU");
}

/* TCG EK Credential Profile 3.2.9: the manufacturer is "id:" and the TCG vendor id in 8 hex digits, whose bytes
 * spell the manufacturer's ASCII id ("id:49424D00" is IBM). Other forms cannot be compared. */
void judge_ek_manufacturer(const struct engine *e, struct check_result *out)
{
	const struct cert_facts *f = &e->rsa_ek->v.facts;
	char from_san[5];
	cert_facts_manufacturer(f, from_san);
	if (!f->tpm_manufacturer[0])
		outcome_set(out, CHECK_PASS, NULL, "The certificate names no manufacturer (TPM: %s)", e->id.manufacturer_id);
	else if (!from_san[0])
		outcome_set(out, CHECK_PASS, NULL, "The certificate's manufacturer \"%s\" is not a TCG vendor id; not compared "
			    "(TPM: %s)", f->tpm_manufacturer, e->id.manufacturer_id);
	else if (strcmp(from_san, e->id.manufacturer_id) == 0)
		outcome_set(out, CHECK_PASS, NULL, "Certificate manufacturer %s, TPM manufacturer %s", from_san,
			    e->id.manufacturer_id);
	else
		outcome_set(out, CHECK_WARN, "manufacturer-differs", "Certificate manufacturer %s, TPM manufacturer %s", from_san,
			    e->id.manufacturer_id);
	result_evidence(out, "san_manufacturer", "%s", f->tpm_manufacturer);
	result_evidence(out, "san_model", "%s", f->tpm_model);
	result_evidence(out, "san_version", "%s", f->tpm_version);
	char version[24];
	if (tpm_san_version_text(f->tpm_version, version, sizeof(version)))
		result_evidence(out, "san_firmware", "%s (the firmware's major.minor when the certificate was issued)", version);
}

/*
 * The EK certificate's dates, and those of the CAs that issued it up to the trust anchor: RFC 5280 6.1.3 (a)(2)
 * checks every certificate of a path alike, so an issuing CA out of date fails as the EK certificate would. Anchors
 * (the cab's roots) are exempt (6.1.1 (d)); chain_build prefers an issuer in date when the cab holds several.
 */
void judge_ek_validity(const struct engine *e, struct check_result *out)
{
	const struct ek_verification *v = &e->rsa_ek->v;
	const struct cert_facts *f = &v->facts;
	size_t ca_step = v->chained ? v->chain.out_of_date_step : 0;
	bool valid = !v->expired && !v->not_yet_valid;
	const char *what = valid ? "Within its validity" : v->expired ? "Expired" : "Not yet valid";
	const char *reason = v->expired ? "expired" : "not-yet-valid";
	if (valid && ca_step) {
		f = v->chain.step[ca_step].facts;
		bool expired = e->now > f->not_after;
		what = expired ? "Its issuing CA has expired" : "Its issuing CA is not yet valid";
		reason = expired ? "issuing-ca-expired" : "issuing-ca-not-yet-valid";
	}
	char from[32], to[32], now[32];
	format_unix_iso(from, sizeof(from), f->not_before);
	format_unix_iso(to, sizeof(to), f->not_after);
	format_unix_iso(now, sizeof(now), e->now);
	outcome_set(out, valid && !ca_step ? CHECK_PASS : CHECK_FAIL, reason, "%s (valid %s to %s, clock %s)", what, from,
		    to, now);
	if (ca_step)
		result_evidence(out, "issuing_ca", "[%s] %s", v->chain.step[ca_step].source,
				v->chain.step[ca_step].subject_cn[0] ? v->chain.step[ca_step].subject_cn : v->chain.step[ca_step].name);
}

void judge_trust_cab(const struct engine *e, struct check_result *r)
{
	const struct trust_store *t = e->opt->store;
	if (!t) {
		outcome_set(r, e->opt->store_given ? CHECK_FAIL : CHECK_WARN, e->opt->store_given ? "cab-unusable" : "no-cab",
			e->opt->store_given ? "The TrustedTpm.cab given cannot be used: the chain and the AIK CA are not checked"
					    : "No TrustedTpm.cab: the chain and the AIK CA cannot be checked offline");
		result_details(r, "%s%s%s", e->opt->store_problem, e->opt->store_refresh[0] ? "; " : "", e->opt->store_refresh);
		return;
	}
	char date[16], digest[65];
	trust_store_date(t, date, sizeof(date));
	hex_lower(digest, t->sha256, 32);
	long long age = trust_store_age_days(t, e->now);
	if (trust_store_is_old(t, e->now, e->opt->cab_max_age_days))
		outcome_set(r, CHECK_WARN, "old-cab", "TrustedTpm.cab dated %s is %lld days old (more than %u): AIK CAs added "
			    "since are unknown to it", date, age, e->opt->cab_max_age_days);
	else
		outcome_set(r, CHECK_PASS, NULL, "TrustedTpm.cab dated %s (%zu AIK CAs)", date, t->aik_cas);
	if (age >= 0)
		result_evidence(r, "age_days", "%lld (by the clock %s; cab_max_age_days %u)", age,
				e->now != e->opt->now ? "of the network" : "of this PC", e->opt->cab_max_age_days);
	result_evidence(r, "file", "%s", e->opt->store_name);
	result_evidence(r, "sha256", "%s", digest);
	if (e->opt->store_refresh[0])
		result_evidence(r, "refresh", "%s", e->opt->store_refresh);
	if (e->opt->store_skipped[0])
		result_evidence(r, "skipped", "%s", e->opt->store_skipped);
}

void judge_ek_chain(const struct engine *e, struct check_result *r)
{
	const struct chain_result *c = &e->rsa_ek->v.chain;
	static const enum check_status status[] = { CHECK_PASS, CHECK_WARN, CHECK_FAIL, CHECK_FAIL, CHECK_FAIL, CHECK_FAIL };
	static const char *reason[] = { NULL, "root-not-in-cab", "issuer-missing", "bad-signature", "untrusted-root",
					"issuer-not-ca" };
	static const char *words[] = {
		"The EK certificate chains to a TrustedTpm root",
		"The chain ends at a TrustedTpm intermediate whose root the cab lacks (known gap: AMD fTPM)",
		"An issuing CA is missing: neither the TPM nor TrustedTpm.cab holds it",
		"A signature in the chain does not verify",
		"The chain ends at a root TrustedTpm.cab does not hold",
		"A certificate in the chain is not allowed to issue certificates",
	};
	outcome_set(r, status[c->state], reason[c->state], "%s", words[c->state]);
	if (c->state == CHAIN_ISSUER_NOT_CA)
		result_details(r, "The %s; only a CA may issue certificates (RFC 5280 6.1.4), so the chain is not trusted. "
			       "Contact the TPM or platform vendor.", c->problem);
	else if (c->state != CHAIN_TRUSTED)
		result_details(r, "Looked for \"%s\"%s%s.", c->missing_issuer_cn, c->missing_issuer_url[0] ? "; it is published at " : "",
			       c->missing_issuer_url);
	for (int i = 0; i < e->rsa_ek->v.aia.fetched; i++)
		result_evidence(r, "fetched", "%s (caIssuers)", e->rsa_ek->v.aia.urls[i]);
	if (e->rsa_ek->v.aia.problem[0]) {
		result_evidence(r, "fetch_failed", "%s", e->rsa_ek->v.aia.problem);
		result_evidence(r, "failure_code", "%s", e->rsa_ek->v.aia.code);
	}
	for (size_t i = 0; i < c->steps; i++)
		result_evidence(r, "chain", "[%s] %s%s%s%s", c->step[i].source,
				c->step[i].subject_cn[0] ? c->step[i].subject_cn : c->step[i].name,
				c->step[i].signature[0] ? " (signed " : "", c->step[i].signature, c->step[i].signature[0] ? ")" : "");
}

void judge_aik_url(const struct engine *e, struct check_result *r)
{
	const struct aik_derivation *a = &e->rsa_ek->v.aik;
	outcome_set(r, a->rule == AIK_RULE_NONE ? CHECK_FAIL : CHECK_PASS, "no-key-identifier", "%s",
					    a->rule == AIK_RULE_NONE ? a->explanation : a->url);
	result_evidence(r, "aik_id", "%s", a->id.canonical);
	result_evidence(r, "rule", "%s: %s", aik_rule_name(a->rule), a->explanation);
}

void judge_aik_authority(const struct engine *e, struct check_result *r)
{
	const struct ek_verification *v = &e->rsa_ek->v;
	const struct aik_ca_status *s = &v->aik_status;
	char date[16];
	trust_store_date(e->opt->store, date, sizeof(date));
	if (s->state == AIK_CA_LISTED)
		outcome_set(r, CHECK_PASS, NULL, "%s is listed (valid until %s)", v->aik.id.canonical,
			       s->not_after);
	else if (s->state == AIK_CA_LISTED_EXPIRED)
		outcome_set(r, CHECK_WARN, "listed-expired", "%s is listed but expired (%s)", v->aik.id.canonical,
			       s->not_after);
	else if (s->state == AIK_CA_REMOVED)
		outcome_set(r, CHECK_FAIL, "removed", "%s was removed on %04d-%02d-%02d and not re-added: "
			       "\"the authority does not exist\"", v->aik.id.canonical, s->removed_on.year, s->removed_on.month,
			       s->removed_on.day);
	else if (trust_store_is_old(e->opt->store, e->now, e->opt->cab_max_age_days))
		outcome_set(r, CHECK_FAIL, "unknown-to-old-cab", "%s is unknown to the TrustedTpm.cab of %s, %lld days old: "
			    "refresh it", v->aik.id.canonical, date, trust_store_age_days(e->opt->store, e->now));
	else
		outcome_set(r, CHECK_FAIL, "unknown", "%s is unknown to TrustedTpm.cab dated %s",
			       v->aik.id.canonical, date);
	for (size_t i = 0; i < s->files && i < 4; i++)
		result_evidence(r, "file", "%s", s->file_names[i]);
	result_evidence(r, "history_entries", "%zu", s->events);
}
