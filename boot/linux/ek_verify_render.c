/* ek_verify_render.c - what ek-verify found, for people (text) and programs (JSON, docs/report-schema.md). */
#include "ek_verify_render.h"
#include "checks/tpm/tpm_firmware_version.h"
#include "checks/x509/cert_time.h"
#include <stdio.h>
#include <string.h>

void ek_render_begin(struct ek_render *r, int json, const struct trust_store *store)
{
	memset(r, 0, sizeof(*r));
	r->json = json;
	r->store = store;
	strbuf_init(&r->out);
	json_init(&r->w, &r->out);
	if (json) {
		json_begin_object(&r->w, NULL);
		json_string(&r->w, "schema", "tpm-preflight/ek-verify/1");
		if (store) {
			char date[16];
			trust_store_date(store, date, sizeof(date));
			json_string(&r->w, "cab_date", date);
		}
		json_begin_array(&r->w, "certificates");
	}
}

static const char *key_name(const struct cert_facts *f, char *buf, size_t len)
{
	if (f->key_type == KEY_RSA || f->key_type == KEY_RSA_OAEP)
		snprintf(buf, len, "RSA-%zu%s", f->rsa_modulus.len * 8, f->key_type == KEY_RSA_OAEP ? " (RSAES-OAEP OID)" : "");
	else
		snprintf(buf, len, "%s", f->key_type == KEY_EC ? "EC" : "unknown");
	return buf;
}

static void chain_text(const struct chain_result *c, char *out, size_t len)
{
	size_t used = 0;
	out[0] = 0;
	for (size_t i = 0; i < c->steps && used < len; i++)
		used += (size_t)snprintf(out + used, len - used, "%s[%s] %s", i ? " > " : "", c->step[i].source,
					 c->step[i].subject_cn[0] ? c->step[i].subject_cn : c->step[i].name);
}

static void aik_state_text(const struct ek_render *r, const struct ek_verification *v, char *out, size_t len)
{
	const struct aik_ca_status *s = &v->aik_status;
	char date[16];
	trust_store_date(r->store, date, sizeof(date));
	if (s->state == AIK_CA_LISTED)
		snprintf(out, len, "listed in the cab (%zu file(s), valid until %s)", s->files, s->not_after);
	else if (s->state == AIK_CA_LISTED_EXPIRED)
		snprintf(out, len, "listed but expired (valid until %s)", s->not_after);
	else if (s->state == AIK_CA_REMOVED)
		snprintf(out, len, "removed from the cab on %04d-%02d-%02d and not re-added", s->removed_on.year,
			 s->removed_on.month, s->removed_on.day);
	else
		snprintf(out, len, "unknown to the cab dated %s", date);
}

/* The first issuing CA outside its validity, as "issuing CA "X" expired on DATE"; false when there is none. */
static bool out_of_date_text(const struct ek_verification *v, char *out, size_t len)
{
	out[0] = 0;
	if (!v->chained || !v->chain.out_of_date_step)
		return false;
	const struct chain_step *s = &v->chain.step[v->chain.out_of_date_step];
	char date[32];
	bool expired = v->now > s->facts->not_after;
	format_unix_iso(date, sizeof(date), expired ? s->facts->not_after : s->facts->not_before);
	snprintf(out, len, "issuing CA \"%s\" (%s) %s %s", s->subject_cn[0] ? s->subject_cn : s->name, s->source,
		 expired ? "expired on" : "is valid only from", date);
	return true;
}

static void render_text_details(struct ek_render *r, const char *path, const struct ek_verification *v)
{
	char text[1024], nb[32], na[32], key[48];
	struct strbuf *o = &r->out;
	ek_nv_describe(&v->nv, text, sizeof(text));
	strbuf_printf(o, "EKCERT   %s: %s\n", path, text);
	if (!v->parsed) {
		strbuf_printf(o, "PARSE    failed: %s\n", v->parse_error);
		return;
	}
	strbuf_printf(o, "PARSE    %s%s\n", v->strict_ok ? "ok" : "mbed TLS rejects it (", v->strict_ok ? "" : v->strict_error);
	if (!v->strict_ok)
		strbuf_append(o, "PARSE    read with the tolerant parser: issuer, AKI, key and validity extracted\n");
	format_unix_iso(nb, sizeof(nb), v->facts.not_before);
	format_unix_iso(na, sizeof(na), v->facts.not_after);
	strbuf_printf(o, "CERT     issuer \"%s\", valid %s to %s%s, key %s, EK EKU %s\n", v->facts.issuer_cn, nb, na,
		      v->expired ? " (EXPIRED)" : "", key_name(&v->facts, key, sizeof(key)),
		      v->facts.eku_ek_certificate ? "present" : "absent");
	char firmware[24];
	bool decoded = tpm_san_version_text(v->facts.tpm_version, firmware, sizeof(firmware));
	strbuf_printf(o, "TPM      manufacturer %s (%s), model \"%s\", version \"%s\"%s%s%s\n",
		      v->manufacturer[0] ? v->manufacturer : "?", v->manufacturer_source, v->facts.tpm_model,
		      v->facts.tpm_version, decoded ? " (firmware " : "", firmware, decoded ? ")" : "");
	if (v->chained) {
		chain_text(&v->chain, text, sizeof(text));
		strbuf_printf(o, "CHAIN    %s: %s\n", chain_state_name(v->chain.state), text);
		for (int i = 0; i < v->aia.fetched; i++)
			strbuf_printf(o, "AIA      fetched %s\n", v->aia.urls[i]);
		if (v->aia.problem[0])
			strbuf_printf(o, "AIA      could not complete the chain [%s]: %s\n", v->aia.code, v->aia.problem);
		if (v->chain.state == CHAIN_ISSUER_NOT_CA)
			strbuf_printf(o, "CHAIN    %s\n", v->chain.problem);
		else if (v->chain.state != CHAIN_TRUSTED)
			strbuf_printf(o, "CHAIN    missing issuer \"%s\"%s%s\n", v->chain.missing_issuer_cn,
				      v->chain.missing_issuer_url[0] ? " at " : "", v->chain.missing_issuer_url);
		if (out_of_date_text(v, text, sizeof(text)))
			strbuf_printf(o, "CHAIN    %s\n", text);
	}
	if (v->aik.rule == AIK_RULE_NONE) {
		strbuf_printf(o, "AIKURL   cannot be formed: %s\n", v->aik.explanation);
		return;
	}
	strbuf_printf(o, "AIKID    %s (%s)\nAIKURL   %s\n", v->aik.id.canonical, v->aik.explanation, v->aik.url);
	if (v->have_status) {
		aik_state_text(r, v, text, sizeof(text));
		strbuf_printf(o, "AIKCA    %s\n", text);
	}
}

/* The findings, then the certificate's verdict in the check command's words (ek_verification_ready: parsed,
 * valid, an AIK URL, and with a cab a trusted chain and a listed AIK CA). */
static void render_text(struct ek_render *r, const char *path, const struct ek_verification *v)
{
	render_text_details(r, path, v);
	strbuf_printf(&r->out, "VERDICT  %s: %s\n", ek_verification_ready(v, r->store != NULL) ? "READY" : "NOT READY", path);
}

static void render_json(struct ek_render *r, const char *path, const struct ek_verification *v)
{
	struct json_writer *w = &r->w;
	char text[1024], key[48];
	json_begin_object(w, NULL);
	json_string(w, "file", path);
	ek_nv_describe(&v->nv, text, sizeof(text));
	json_string(w, "storage", text);
	json_bool(w, "parsed", v->parsed);
	json_string(w, "parse_error", v->parse_error);
	json_bool(w, "strict_parser_accepts", v->strict_ok);
	json_string(w, "strict_parser_error", v->strict_error);
	if (v->parsed) {
		json_string(w, "issuer_cn", v->facts.issuer_cn);
		format_unix_iso(text, sizeof(text), v->facts.not_after);
		json_string(w, "not_after", text);
		json_bool(w, "expired", v->expired);
		json_string(w, "key", key_name(&v->facts, key, sizeof(key)));
		json_bool(w, "eku_ek_certificate", v->facts.eku_ek_certificate);
		json_string(w, "manufacturer", v->manufacturer);
		json_string(w, "manufacturer_source", v->manufacturer_source);
		json_string(w, "ca_issuers_url", v->facts.ca_issuers_url);
	}
	if (v->chained) {
		json_string(w, "chain_state", chain_state_name(v->chain.state));
		chain_text(&v->chain, text, sizeof(text));
		json_string(w, "chain", text);
		json_string(w, "missing_issuer", v->chain.missing_issuer_cn);
		json_string(w, "chain_problem", v->chain.problem);
		out_of_date_text(v, text, sizeof(text));
		json_string(w, "issuing_ca_out_of_date", text);
		json_int(w, "aia_fetched", v->aia.fetched);
		json_string(w, "aia_problem", v->aia.problem);
		json_string(w, "aia_failure_code", v->aia.code);
	}
	json_string(w, "aik_rule", aik_rule_name(v->aik.rule));
	json_string(w, "aik_id", v->aik.id.canonical);
	json_string(w, "aik_url", v->aik.url);
	json_string(w, "aik_explanation", v->aik.explanation);
	if (v->have_status)
		json_string(w, "aik_ca_state", aik_ca_state_name(v->aik_status.state));
	json_bool(w, "ready", ek_verification_ready(v, r->store != NULL));
	json_end_object(w);
}

void ek_render_one(struct ek_render *r, const char *path, const struct ek_verification *v)
{
	if (r->json)
		render_json(r, path, v);
	else
		render_text(r, path, v);
}

void ek_render_end(struct ek_render *r)
{
	if (r->json) {
		json_end_array(&r->w);
		json_end_object(&r->w);
		strbuf_append(&r->out, "\n");
	}
	fputs(strbuf_str(&r->out), stdout);
	strbuf_free(&r->out);
}
