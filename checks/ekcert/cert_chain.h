/*
 * cert_chain.h - build and verify an EK certificate's chain: from the EK
 * certificate through the TPM's NV chain certificates and the TrustedTpm.cab
 * intermediates to a TrustedTpm root, verifying each signature with mbed TLS
 * (RSA PKCS#1 v1.5 and PSS, ECDSA; SHA-1/256/384/512 - SHA-1 accepted because
 * real vendor CAs use it, docs/attestation-facts.md §3).
 */
#ifndef PREFLIGHT_CERT_CHAIN_H
#define PREFLIGHT_CERT_CHAIN_H
#include "checks/x509/cert_facts.h"
#include "checks/trust/trust_store.h"

/* SOURCE_SERVICE: sent by Microsoft's AIK service (GetCACertChain); SOURCE_PINNED_ROOT: a trust anchor recognised by
 * its pinned SHA-256 (aik_service_chain.c), an anchor like the cab's roots. */
enum cert_source { SOURCE_LEAF, SOURCE_NV, SOURCE_CAB_ROOT, SOURCE_CAB_INTERMEDIATE, SOURCE_AIA, SOURCE_SERVICE,
		   SOURCE_PINNED_ROOT };

struct pool_cert {
	struct cert_facts facts;
	enum cert_source source;
	char name[96]; /* cab path or "NV 0x01C00100" */
	void *pk;      /* mbedtls_pk_context *, parsed when first needed (NULL until then, or if it fails) */
	bool key_tried;
	uint8_t *owned;/* the DER, when the pool made it (from PEM) */
};

struct cert_pool {
	struct pool_cert *certs;
	size_t count, cap;
};

void cert_pool_init(struct cert_pool *p);
void cert_pool_free(struct cert_pool *p);
/* Adds a certificate (DER, kept by reference: the bytes must outlive the pool). Unparseable input is skipped. */
void cert_pool_add(struct cert_pool *p, const uint8_t *der, size_t len, enum cert_source source, const char *name);
/* Adds a copy of a certificate (DER, or PEM which is converted); the pool owns the copy. */
void cert_pool_add_copy(struct cert_pool *p, const uint8_t *data, size_t len, enum cert_source source, const char *name);
/* Adds every EK root and intermediate of the cab (DER or PEM; PEM ones are converted and owned by the pool). */
void cert_pool_add_cab(struct cert_pool *p, const struct trust_store *t);

enum chain_state {
	CHAIN_TRUSTED,        /* reached a TrustedTpm root, every signature verified */
	CHAIN_NO_ROOT_IN_CAB, /* reached a cab intermediate whose issuer the cab lacks (AMD fTPM gap) */
	CHAIN_MISSING_ISSUER, /* no certificate in the NV chain or the cab issued one link */
	CHAIN_BAD_SIGNATURE,  /* a candidate issuer's key does not verify the signature */
	CHAIN_UNTRUSTED_ROOT, /* ended at a self-signed certificate that is not a TrustedTpm root */
	CHAIN_ISSUER_NOT_CA,  /* an issuer's signature verifies but it may not issue certificates (see `problem`) */
};

enum { CHAIN_DEPTH_MAX = 8 };

struct chain_step {
	char subject_cn[128];
	char source[20];   /* "leaf", "nv", "cab-root", "cab-intermediate", "aia", "service", "pinned-root" */
	char name[96];
	char signature[24];/* how this step's signature was made, e.g. "RSA PKCS#1 SHA-256" */
	const struct cert_facts *facts; /* valid while the pool and the leaf are */
};

struct chain_result {
	enum chain_state state;
	size_t steps;
	struct chain_step step[CHAIN_DEPTH_MAX + 1];
	char missing_issuer_cn[128]; /* CHAIN_MISSING_ISSUER / NO_ROOT_IN_CAB: whom we looked for */
	char missing_issuer_url[256];/* its AIA caIssuers URL, when the last certificate names one */
	char problem[200];           /* CHAIN_ISSUER_NOT_CA: which issuer and which rule */
	size_t out_of_date_step;     /* the first issuing CA (not a trust anchor) outside its validity; 0 for none */
};

/*
 * Walks from leaf to a TrustedTpm root. An issuer that is not a trust anchor (a root the cab lists) must be a CA
 * (RFC 5280 6.1.4: basicConstraints cA (k), pathLenConstraint (l, m), keyUsage keyCertSign when keyUsage is
 * present (n)); among issuers whose signature verifies, one within its validity at `now` is preferred. Keys of
 * candidate issuers are parsed on first use, hence the pool is not const.
 */
void chain_build(struct cert_pool *pool, const struct cert_facts *leaf, long long now, struct chain_result *out);
const char *chain_state_name(enum chain_state s);
/* Verifies that `issuer`'s key signed `subject`; fills `how` with the algorithm. Returns true on success. */
bool cert_signed_by(const struct cert_facts *subject, const struct pool_cert *issuer, char *how, size_t how_len);

#endif
