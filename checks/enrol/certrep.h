/*
 * certrep.h - the service's answer to a PKIOperation: a SCEP CertRep (RFC
 * 8894 3.3.2), a CMS SignedData (RFC 5652 5) signed by the RA signing
 * certificate of GetCACertChain. Read with the bounded DER reader; the
 * signature over the signed attributes (RFC 5652 5.4) is verified with mbed
 * TLS, the messageDigest against the content, and the answer must name this
 * request: recipientNonce = its senderNonce, the same transactionID (RFC 8894
 * 3.2.1.4-5, 3.3.2).
 */
#ifndef PREFLIGHT_CERTREP_H
#define PREFLIGHT_CERTREP_H
#include <stdbool.h>
#include "checks/enrol/cms_signed.h"

enum certrep_fault {
	CERTREP_OK,
	CERTREP_UNREADABLE, /* not a SignedData, malformed, a required attribute missing, not a CertRep */
	CERTREP_UNTRUSTED,  /* not signed by the RA signing certificate, a bad signature or digest, another request's */
};

struct certrep {
	int message_type, pki_status, fail_info; /* -1 when absent */
	/* Signed, but without any SCEP attribute (only contentType and messageDigest): the shape the public
	 * reconstruction's server gives its certificate answer (docs/aik-enrolment.md, "What is inferred"). Nothing
	 * ties it to a request but what it holds; the caller decides whether that is enough. */
	bool without_scep_attributes;
	bool has_content;
	struct der content;   /* the eContent's octets (a DER EnvelopedData), pointing into the message read */
};

/* Reads and checks the answer p[0..len). `why` says what is wrong unless CERTREP_OK. */
enum certrep_fault certrep_read(const uint8_t *p, size_t len, const struct cert_facts *ra_signer,
				const char *transaction_id, const uint8_t sender_nonce[SCEP_NONCE_LEN], struct certrep *out,
				char *why, size_t why_len);

#endif
