/*
 * aik_url.h - which Microsoft AIK CA a TPM will enrol with, and its URL
 * (docs/attestation-facts.md §2): https://{MFR}-KeyId-{KEYID}.microsoftaik.azure.net/templates/Aik/scep
 * where MFR is TPM_PT_MANUFACTURER and KEYID the EK certificate's
 * AuthorityKeyIdentifier, copied, never recomputed.
 */
#ifndef PREFLIGHT_AIK_URL_H
#define PREFLIGHT_AIK_URL_H
#include "checks/trust/aik_id.h"
#include "checks/ekcert/cert_chain.h"

enum aik_rule {
	AIK_RULE_AKI,      /* the EK certificate's AKI (docs/attestation-facts.md §2, published) */
	AIK_RULE_NV_CHAIN, /* the AKI of the top-most NV chain certificate: Intel ODCA, Pluton ([guess]) */
	AIK_RULE_NAME_ID,  /* no AKI: SHA-1 over the issuer Name bytes ([data]; the URL form is a [guess]) */
	AIK_RULE_NONE,     /* no URL can be formed */
};

struct aik_derivation {
	enum aik_rule rule;
	struct aik_id id;
	char url[200];
	char explanation[200];
};

/* manufacturer: TPM_PT_MANUFACTURER as text ("IFX"); chain may be NULL. */
void aik_derive(const char *manufacturer, const struct cert_facts *ek, const struct chain_result *chain,
		struct aik_derivation *out);
const char *aik_rule_name(enum aik_rule r);

#endif
