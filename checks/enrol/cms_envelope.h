/*
 * cms_envelope.h - CMS EnvelopedData (RFC 5652 6) as SCEP uses it (RFC 8894
 * 3.2.2): one KeyTransRecipientInfo (RSA PKCS#1 v1.5 key transport, RFC 3370
 * 4.2.1) to a certificate named by issuerAndSerialNumber, the content
 * encrypted with AES-CBC (RFC 3565: the IV as the algorithm's parameter) and
 * PKCS#7 padding (RFC 5652 6.3). The client writes AES-128 (as Windows does,
 * per the public reconstruction's akscep.go) and reads AES-128/192/256.
 */
#ifndef PREFLIGHT_CMS_ENVELOPE_H
#define PREFLIGHT_CMS_ENVELOPE_H
#include <mbedtls/pk.h>
#include "checks/enrol/enrol_rng.h"
#include "checks/x509/cert_facts.h"

enum { CMS_CONTENT_MAX = 1024 * 1024 };

/* A ContentInfo(EnvelopedData) of plain to the recipient's RSA key (malloc'd DER), or NULL with a reason. */
uint8_t *cms_envelope(const struct cert_facts *recipient, const uint8_t *plain, size_t len, struct enrol_rng *rng,
		      size_t *out_len, const char **why);
/*
 * Opens a ContentInfo(EnvelopedData) meant for `me` (matched by issuerAndSerialNumber or subjectKeyIdentifier; a
 * lone KeyTransRecipientInfo is tried whatever it names) with its private key. Returns the plaintext (malloc'd:
 * the caller wipes and frees it) or NULL with a reason.
 */
uint8_t *cms_open_envelope(const uint8_t *p, size_t len, const struct cert_facts *me, mbedtls_pk_context *key,
			   struct enrol_rng *rng, size_t *out_len, const char **why);

#endif
