/*
 * cert_ext.h - one extension of a certificate read with cert_facts (RFC 5280
 * 4.1: TBSCertificate extensions [3] EXPLICIT SEQUENCE OF Extension), for what
 * cert_facts does not keep: the EK certificate's subjectAltName as it is
 * encoded (copied into the request) and the issued AIK certificate's EKU.
 */
#ifndef PREFLIGHT_CERT_EXT_H
#define PREFLIGHT_CERT_EXT_H
#include <stdbool.h>
#include "checks/x509/cert_facts.h"

/* The extnValue contents (the DER inside the OCTET STRING) of the extension `oid`; false when absent. */
bool cert_extension(const struct cert_facts *c, const uint8_t *oid, size_t oid_len, struct der *value);
/* True when the certificate's extKeyUsage lists `purpose`. */
bool cert_has_eku(const struct cert_facts *c, const uint8_t *purpose, size_t purpose_len);

#endif
