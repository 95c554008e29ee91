/*
 * issued_cert.h - the AIK certificate of the last CertRep: its container
 * (a certs-only or signed PKCS#7, RFC 8894 3.3.2 "degenerate certificates-only
 * CMS SignedData"; or a bare DER certificate, which is accepted too) and its
 * checks: the certificate holding the AIK's own RSA key, EKU
 * tcg-kp-AIKCertificate (2.23.133.8.3), within its validity, its signature
 * verified to the AIK CA of GetCACertChain and that CA's to the root there
 * (which aik_chain_verify has established as Microsoft's TPM root).
 */
#ifndef PREFLIGHT_ISSUED_CERT_H
#define PREFLIGHT_ISSUED_CERT_H
#include <tss2/tss2_tpm2_types.h>
#include "checks/x509/cert_facts.h"

enum issued_fault { ISSUED_OK, ISSUED_UNREADABLE, ISSUED_INVALID };

struct issued_cert {
	char serial[80];     /* hex, as encoded */
	char issuer[96];     /* the issuer's common name */
	long long not_before, not_after;
	char sha256[65];
};

struct issued_anchors {
	const uint8_t *aik_ca, *root; /* DER certificates from GetCACertChain */
	size_t aik_ca_len, root_len;
};

enum issued_fault issued_cert_check(const uint8_t *content, size_t len, const struct issued_anchors *anchors,
				    const TPM2B_PUBLIC *aik, long long now, struct issued_cert *out, char *why,
				    size_t why_len);

#endif
