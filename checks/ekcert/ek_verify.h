/*
 * ek_verify.h - everything the tool can say about one EK certificate without
 * a TPM: how it was stored, whether it parses (and whether mbed TLS accepts
 * it), its facts, its chain to the TrustedTpm roots, the AIK CA it leads to
 * and that CA's state in the cab. Used by `preflight ek-verify` and by the
 * EK checks of a full run.
 */
#ifndef PREFLIGHT_EK_VERIFY_H
#define PREFLIGHT_EK_VERIFY_H
#include "checks/ekcert/aia_fetch.h"
#include "checks/ekcert/aik_url.h"
#include "checks/ekcert/ek_nv_unwrap.h"
#include "checks/trust/trust_store.h"

struct ek_verification {
	struct nv_certs nv;
	bool parsed;
	char parse_error[120];
	bool strict_ok;          /* mbed TLS's own X.509 parser accepts it */
	char strict_error[120];
	struct cert_facts facts;
	char manufacturer[8];
	char manufacturer_source[40];
	bool chained;            /* chain_build ran (a cab was given) */
	struct chain_result chain;
	struct aia_log aia;      /* issuing CAs fetched from caIssuers URLs, when online */
	struct aik_derivation aik;
	bool have_status;
	struct aik_ca_status aik_status;
	bool expired, not_yet_valid;
	long long now;           /* the clock the dates were judged by */
};

/*
 * Verifies the EK certificate in data (NV contents or a file: DER, maybe wrapped or padded). The facts
 * point into data, which must outlive `out`. manufacturer: the TPM's, or NULL to take the SAN's.
 * pool and store may be NULL (no chain, no AIK CA state); online may be NULL (no caIssuers fetching).
 */
void ek_verify(const uint8_t *data, size_t len, const char *manufacturer, struct cert_pool *pool,
	       const struct trust_store *store, const struct aia_online *online, long long now, struct ek_verification *out);



/* Ready for attestation as far as the certificate tells: parsed, in date, chained (when a cab was given,
 * a known cab gap counts; every issuing CA in date) and its AIK CA listed. */
bool ek_verification_ready(const struct ek_verification *v, bool had_cab);
#endif
