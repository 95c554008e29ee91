/*
 * scep_client.h - the client's side of SCEP (RFC 8894 2.3): a software
 * RSA-2048 key made for this run with mbed TLS, and the self-signed "SCEP
 * Protocol Certificate" that names it in the requests and to which the
 * service encrypts its answers. As Windows makes it (the public
 * reconstruction, google/security-research pocs/bios/tpm-carte-blanche
 * lib/akscep/certs.go MakeClientCert): subject and issuer CN "SCEP Protocol
 * Certificate", a random serial, valid from now for 367 days, only an
 * authorityKeyIdentifier and a subjectKeyIdentifier (20 random bytes each).
 * The private key lives only in memory and is wiped when freed.
 */
#ifndef PREFLIGHT_SCEP_CLIENT_H
#define PREFLIGHT_SCEP_CLIENT_H
#include <mbedtls/pk.h>
#include "checks/enrol/enrol_rng.h"
#include "checks/x509/cert_facts.h"

#define SCEP_CLIENT_CN "SCEP Protocol Certificate"

struct scep_client {
	mbedtls_pk_context key;
	uint8_t *cert;            /* DER, malloc'd */
	size_t cert_len;
	struct cert_facts facts;  /* of cert */
	char transaction_id[41];  /* SHA-1 of the SubjectPublicKeyInfo in hex (RFC 8894 3.2.1.1) */
	uint8_t signer_hash[20];  /* SHA-1 of the certificate: the request's szOID SCEP signer hash (akcsr.go) */
};

void scep_client_init(struct scep_client *c);
/* Makes a new RSA-2048 key (slow: seconds on a slow machine). 0, or -1. */
int scep_client_make_key(struct scep_client *c, struct enrol_rng *rng);
/* Takes an existing key instead (PEM or DER; the tests' and the fuzz target's fixed key). 0, or -1. */
int scep_client_use_key(struct scep_client *c, const uint8_t *key, size_t len, struct enrol_rng *rng);
/* The self-signed certificate for the key, valid from `now`. 0, or -1 with a reason. */
int scep_client_certify(struct scep_client *c, long long now, struct enrol_rng *rng, const char **why);
/* Frees and wipes the key. */
void scep_client_free(struct scep_client *c);

#endif
