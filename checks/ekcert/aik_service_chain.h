/*
 * aik_service_chain.h - what Microsoft's AIK service presents for a TPM's
 * AIK CA (SCEP GetCACertChain: the RA signing and encryption certificates,
 * the per-vendor AIK CA and Microsoft's TPM root; docs/attestation-facts.md
 * §10), verified: every certificate chains to Microsoft's TPM root - a root
 * in TrustedTpm.cab's Microsoft\RootCA, or the one whose SHA-256 is pinned
 * here - and the AIK CA is the one the cab lists for this id (same public key).
 */
#ifndef PREFLIGHT_AIK_SERVICE_CHAIN_H
#define PREFLIGHT_AIK_SERVICE_CHAIN_H
#include <stdbool.h>
#include "checks/ekcert/scep_certs.h"
#include "checks/trust/trust_store.h"

enum aik_cert_role { AIK_CERT_ROOT, AIK_CERT_AIK_CA, AIK_CERT_CA, AIK_CERT_RA_SIGNING, AIK_CERT_RA_ENCRYPTION,
		     AIK_CERT_RA };

struct aik_chain_cert {
	enum aik_cert_role role;
	char subject[96], issuer[96]; /* common names (the Name's bytes in hex when it has none) */
	char serial[48];              /* hex, as encoded */
	long long not_before, not_after;
	char sha256[65];              /* of the DER certificate: its fingerprint */
	bool verified;                /* it chains to Microsoft's TPM root, every signature verified (a root: it is that root) */
	bool out_of_date;             /* it, or a CA between it and the root, is outside its validity */
	char problem[160];            /* why it is not verified */
};

enum aik_chain_state {
	AIK_CHAIN_VERIFIED,    /* every certificate verified, the AIK CA and RA certificates present, the AIK CA the cab's */
	AIK_CHAIN_UNPARSEABLE, /* not a certs-only CMS message, or a certificate in it is malformed */
	AIK_CHAIN_EMPTY,       /* a certs-only message without certificates */
	AIK_CHAIN_UNTRUSTED,   /* a certificate does not chain to Microsoft's TPM root */
	AIK_CHAIN_INCOMPLETE,  /* no AIK CA, or no RA certificate */
	AIK_CHAIN_CA_DIFFERS,  /* the AIK CA is not the one the cab lists for this id, or names another id */
	AIK_CHAIN_OUT_OF_DATE, /* all verified, but a certificate is outside its validity */
};

struct aik_chain_result {
	enum aik_chain_state state;
	size_t count;
	struct aik_chain_cert cert[SCEP_CERTS_MAX];
	int aik_ca;           /* index of the AIK CA in cert[], -1 when none */
	char problem[240];    /* the state in words (what, which certificate) */
	char anchor[160];     /* the root the AIK CA chains to: the cab's file, or the pinned fingerprint */
	char cab_match[200];  /* how the AIK CA compares with the cab's files for this id */
};

/* SHA-256 of Microsoft TPM Root Certificate Authority 2014 (see aik_service_chain.c for its source). */
extern const char aik_root_pinned_sha256[65];

/*
 * Verifies a GetCACertChain answer. `store` may be NULL (no cab: only the pinned root anchors); `id` is the AIK CA
 * id Windows derives; validity is judged at `now`. The answer's bytes need not outlive the call.
 */
void aik_chain_verify(const uint8_t *body, size_t len, const struct trust_store *store, const struct aik_id *id,
		      long long now, struct aik_chain_result *out);
const char *aik_chain_state_name(enum aik_chain_state s);
const char *aik_cert_role_name(enum aik_cert_role r);

#endif
