/*
 * scep_certs.h - the answer to SCEP's GetCACert / GetCACertChain (RFC 8894
 * 3.5.1.2, 3.4): a degenerate "certs-only" CMS SignedData (RFC 5652 5.1,
 * 5.2) whose certificates field carries the CA's and the RA's certificates
 * and which has no content and no signers. Read with the bounded DER reader
 * (checks/x509/der.h); each certificate is only located here, its contents
 * are read by cert_facts_parse.
 */
#ifndef PREFLIGHT_SCEP_CERTS_H
#define PREFLIGHT_SCEP_CERTS_H
#include <stddef.h>
#include <stdint.h>
#include "checks/x509/der.h"

/* Microsoft's AIK service sends four (two RA certificates, the AIK CA, the root; docs/attestation-facts.md §10). */
enum { SCEP_CERTS_MAX = 16, SCEP_CERTS_BYTES_MAX = 256 * 1024 };

struct scep_certs {
	size_t count;
	struct der cert[SCEP_CERTS_MAX]; /* each a whole Certificate TLV, pointing into the answer */
	size_t skipped;                  /* CertificateChoices other than a certificate (RFC 5652 10.2.2) */
};

/* Reads the answer; 0 (count may be 0: an empty certs-only message), or -1 with a reason naming what is wrong. */
int scep_certs_parse(const uint8_t *p, size_t len, struct scep_certs *out, const char **why);

#endif
