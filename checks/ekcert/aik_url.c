/* aik_url.c - derive the AIK CA id and URL the way Windows does (docs/attestation-facts.md §2), naming the rule used. */
#include "checks/ekcert/aik_url.h"
#include <ctype.h>
#include <mbedtls/sha1.h>
#include <stdio.h>
#include <string.h>

static void make_url(struct aik_derivation *out, const char *manufacturer)
{
	char mfr[8];
	size_t n = 0;
	for (; manufacturer[n] && n < sizeof(mfr) - 1; n++)
		mfr[n] = (char)toupper((unsigned char)manufacturer[n]);
	mfr[n] = 0;
	snprintf(out->url, sizeof(out->url), "https://%s-%s-%s.microsoftaik.azure.net/templates/Aik/scep", mfr,
		 out->id.name_id ? "NameId" : "KeyId", out->id.hex);
}

/* The top-most certificate that came from the TPM's NV chain, if the chain used any. */
static const struct cert_facts *top_nv_cert(const struct chain_result *chain)
{
	const struct cert_facts *top = NULL;
	for (size_t i = 0; chain && i < chain->steps; i++)
		if (strcmp(chain->step[i].source, "nv") == 0)
			top = chain->step[i].facts;
	return top;
}

void aik_derive(const char *manufacturer, const struct cert_facts *ek, const struct chain_result *chain,
		struct aik_derivation *out)
{
	memset(out, 0, sizeof(*out));
	out->rule = AIK_RULE_NONE;
	if (!manufacturer || !*manufacturer) {
		snprintf(out->explanation, sizeof(out->explanation), "the TPM manufacturer is unknown");
		return;
	}
	const struct cert_facts *nv = top_nv_cert(chain);
	if (nv && nv->has_aki && nv->aki_keyid.len == 20) {
		aik_id_make(&out->id, manufacturer, false, nv->aki_keyid.p, nv->aki_keyid.len);
		out->rule = AIK_RULE_NV_CHAIN;
		snprintf(out->explanation, sizeof(out->explanation), "AKI of the top-most NV chain certificate (%s)", nv->subject_cn);
	} else if (ek->has_aki && ek->aki_keyid.len == 20) {
		aik_id_make(&out->id, manufacturer, false, ek->aki_keyid.p, ek->aki_keyid.len);
		out->rule = AIK_RULE_AKI;
		snprintf(out->explanation, sizeof(out->explanation), "AuthorityKeyIdentifier of the EK certificate");
	} else if (ek->has_aki) {
		snprintf(out->explanation, sizeof(out->explanation), "the AKI is %zu bytes, not the 20 an AIK CA id has",
			 ek->aki_keyid.len);
		return;
	} else {
		uint8_t digest[20];
		mbedtls_sha1(ek->issuer.p, ek->issuer.len, digest);
		aik_id_make(&out->id, manufacturer, true, digest, sizeof(digest));
		out->rule = AIK_RULE_NAME_ID;
		snprintf(out->explanation, sizeof(out->explanation),
			 "no AKI: SHA-1 of the issuer Name as encoded (NameId; URL form by analogy, unconfirmed)");
	}
	make_url(out, manufacturer);
}

const char *aik_rule_name(enum aik_rule r)
{
	static const char *names[] = { "aki", "nv-chain-aki", "name-id", "none" };
	return names[r];
}
