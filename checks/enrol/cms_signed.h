/*
 * cms_signed.h - the SCEP pkiMessage (RFC 8894 3.2): a CMS SignedData
 * (RFC 5652 5) over id-data content, one SignerInfo named by
 * issuerAndSerialNumber, SHA-256 and RSA PKCS#1 v1.5, and the SCEP attributes
 * among the signed attributes (RFC 8894 3.2.1: messageType, pkiStatus,
 * failInfo, senderNonce, recipientNonce, transactionID) besides contentType
 * and messageDigest (RFC 5652 11.1, 11.2). The client writes its PKCSReq and
 * ClaimChallengeAnswer with it; the tests write the service's CertRep with it.
 */
#ifndef PREFLIGHT_CMS_SIGNED_H
#define PREFLIGHT_CMS_SIGNED_H
#include <mbedtls/pk.h>
#include "checks/enrol/enrol_rng.h"
#include "checks/x509/cert_facts.h"

/* SCEP messageType values (RFC 8894 3.2.1.2; 41 is Microsoft's, the Windows SDK's SCEPMessageClaimChallengeAnswer) */
#define SCEP_CERT_REP "3"
#define SCEP_PKCS_REQ "19"
#define SCEP_CLAIM_CHALLENGE_ANSWER "41"
/* pkiStatus (RFC 8894 3.2.1.3; 11 is the Windows SDK's SCEPDispositionPendingChallenge) */
enum { SCEP_SUCCESS = 0, SCEP_FAILURE = 2, SCEP_PENDING = 3, SCEP_PENDING_CHALLENGE = 11 };
enum { SCEP_NONCE_LEN = 16 };

struct scep_message {
	const char *message_type;       /* PrintableString, e.g. SCEP_PKCS_REQ; NULL: no SCEP attributes (a test's) */
	const char *pki_status;         /* PrintableString or NULL (requests have none) */
	const char *fail_info;          /* PrintableString or NULL */
	const char *transaction_id;     /* PrintableString, or NULL */
	const uint8_t *sender_nonce;    /* SCEP_NONCE_LEN bytes, or NULL */
	const uint8_t *recipient_nonce; /* SCEP_NONCE_LEN bytes, or NULL */
	const uint8_t *content;         /* the eContent's octets (a DER EnvelopedData), or NULL for none */
	size_t content_len;
	const struct cert_facts *signer;/* the signer's certificate: first in `certificates`, and its issuerAndSerialNumber */
	mbedtls_pk_context *key;        /* its private key */
	const uint8_t *const *extra_certs; /* more certificates (DER) after the signer's, e.g. the EK's intermediates */
	const size_t *extra_len;
	size_t extra_count;
};

/* The DER ContentInfo(SignedData) (malloc'd), or NULL with a reason. */
uint8_t *scep_sign(const struct scep_message *m, struct enrol_rng *rng, size_t *out_len, const char **why);

#endif
