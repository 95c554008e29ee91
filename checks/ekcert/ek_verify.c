/* ek_verify.c - one EK certificate from bytes to AIK CA state. */
#include "checks/ekcert/ek_verify.h"
#include <mbedtls/error.h>
#include <mbedtls/x509_crt.h>
#include <stdio.h>
#include <string.h>

static void strict_parse(const struct der *cert, struct ek_verification *out)
{
	mbedtls_x509_crt crt;
	mbedtls_x509_crt_init(&crt);
	int r = mbedtls_x509_crt_parse_der(&crt, cert->p, cert->len);
	out->strict_ok = r == 0;
	if (r != 0)
		mbedtls_strerror(r, out->strict_error, sizeof(out->strict_error));
	mbedtls_x509_crt_free(&crt);
}

static void pick_manufacturer(const char *given, struct ek_verification *out)
{
	if (given && *given) {
		snprintf(out->manufacturer, sizeof(out->manufacturer), "%s", given);
		snprintf(out->manufacturer_source, sizeof(out->manufacturer_source), "TPM_PT_MANUFACTURER");
		return;
	}
	char from_san[5];
	cert_facts_manufacturer(&out->facts, from_san);
	snprintf(out->manufacturer, sizeof(out->manufacturer), "%s", from_san);
	snprintf(out->manufacturer_source, sizeof(out->manufacturer_source), "%s",
		 from_san[0] ? "certificate SAN (tpmManufacturer)" : "unknown");
}

void ek_verify(const uint8_t *data, size_t len, const char *manufacturer, struct cert_pool *pool,
	       const struct trust_store *store, const struct aia_online *online, long long now, struct ek_verification *out)
{
	memset(out, 0, sizeof(*out));
	out->now = now;
	ek_nv_unwrap(data, len, &out->nv);
	if (out->nv.count == 0) {
		snprintf(out->parse_error, sizeof(out->parse_error), "%s",
			 out->nv.truncated ? "the certificate is truncated: its DER length runs past the data"
					   : "no DER certificate found in the data");
		return;
	}
	const char *why = NULL;
	if (cert_facts_parse(out->nv.certs[0].p, out->nv.certs[0].len, &out->facts, &why) != 0) {
		snprintf(out->parse_error, sizeof(out->parse_error), "%s", why);
		return;
	}
	out->parsed = true;
	strict_parse(&out->nv.certs[0], out);
	out->expired = now > out->facts.not_after;
	out->not_yet_valid = now < out->facts.not_before;
	pick_manufacturer(manufacturer, out);
	if (pool) {
		chain_build(pool, &out->facts, now, &out->chain);
		if (online && online->fetch)
			aia_complete_chain(pool, &out->facts, now, &out->chain, online, &out->aia);
		out->chained = true;
	}
	aik_derive(out->manufacturer, &out->facts, pool ? &out->chain : NULL, &out->aik);
	if (store && out->aik.rule != AIK_RULE_NONE) {
		trust_store_aik_status(store, &out->aik.id, now, &out->aik_status);
		out->have_status = true;
	}
}

bool ek_verification_ready(const struct ek_verification *v, bool had_cab)
{
	if (!v->parsed || v->expired || v->not_yet_valid || v->aik.rule == AIK_RULE_NONE)
		return false;
	if (!had_cab)
		return true;
	bool chain_ok = (v->chain.state == CHAIN_TRUSTED || v->chain.state == CHAIN_NO_ROOT_IN_CAB) &&
			!v->chain.out_of_date_step;
	return chain_ok && v->have_status && v->aik_status.state == AIK_CA_LISTED;
}
