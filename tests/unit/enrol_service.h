/*
 * enrol_service.h - a C double of Microsoft's AIK service for the enrolment
 * tests, written with the client's own writers (cms_signed, cms_envelope,
 * der_writer) and the fixed test PKI (enrol_test_pki.h): it answers
 * GetCACertChain, reads the client's PKCSReq (signature, attributes, the
 * PKCS#10 inside two envelopes) and ClaimChallengeAnswer, and answers each as
 * a scenario says - correctly, or with one thing wrong.
 */
#ifndef ENROL_SERVICE_H
#define ENROL_SERVICE_H
#include <mbedtls/pk.h>
#include "checks/enrol/aik_enrol.h"
#include "checks/enrol/enrol_rng.h"
#include "checks/x509/cert_facts.h"

enum svc_answer {
	SVC_GOOD,          /* what the real service answers */
	SVC_HTTP,          /* http_status with json_message (and retry_after) instead */
	SVC_UNREACHABLE,   /* no answer at all */
	SVC_GARBAGE,       /* a captive portal's page */
	SVC_TRUNCATED,     /* the good answer cut short */
	SVC_WRONG_NONCE,   /* recipientNonce of another request */
	SVC_WRONG_TXID,    /* another transactionID */
	SVC_WRONG_SIGNER,  /* signed by the RA encryption key, named as the RA signing certificate */
	SVC_BAD_SIGNATURE, /* a byte of the signature flipped */
	SVC_FAILURE,       /* pkiStatus FAILURE, failInfo 2 (badRequest) */
	SVC_PENDING,       /* pkiStatus PENDING */
	SVC_GRANT,         /* pkiStatus SUCCESS with the certificate (to the PKCSReq: no challenge) */
	SVC_BAD_CONTENT,   /* a good CertRep whose decrypted content is not the expected message */
	SVC_NO_SCEP_ATTRIBUTES, /* signed, but only contentType and messageDigest (the public reconstruction's last answer) */
};

enum svc_cert { CERT_PKCS7, CERT_BARE, CERT_NO_EKU, CERT_OTHER_KEY, CERT_OTHER_ISSUER };
enum svc_chain { CHAIN_GOOD, CHAIN_NO_RA, CHAIN_OTHER_ROOT, CHAIN_GARBAGE_BODY };

struct svc {
	/* the scenario */
	enum svc_chain chain;
	enum svc_answer chain_answer, req_answer, claim_answer;
	enum svc_cert cert;
	int http_status;
	const char *json_message, *retry_after;
	bool activate_fails, random_fails;
	/* the keys and certificates (svc_init) */
	mbedtls_pk_context root, aikca, ras, rae;
	uint8_t *der[4];            /* root, aikca, ras, rae */
	size_t der_len[4];
	struct cert_facts ras_facts, rae_facts, aikca_facts;
	uint8_t *ek_der, *ekca_der, *client_key_pem;
	size_t ek_len, ekca_len, client_key_len;
	struct aik_enrol_tpm tpm;
	struct aik_id id;
	struct enrol_rng rng;
	/* what it saw */
	int gets, posts, activations, says;
	char last_url[1100], last_content_type[64];
	uint8_t *pkcs_req, *claim;  /* the client's messages, kept for the tests and the message writer */
	size_t pkcs_req_len, claim_len;
	uint8_t *csr;               /* the PKCS#10 the service decrypted */
	size_t csr_len;
	uint8_t expected_answer[32];/* what the fake TPM recovers from the challenge */
	bool claim_verified;        /* the ClaimChallengeAnswer carried that answer and the server context */
	uint8_t *answers[3];        /* the service's answers as sent (GetCACertChain, CertRep 1, CertRep 2) */
	size_t answers_len[3];
};

void svc_init(struct svc *s);
void svc_free(struct svc *s);
/* The io callbacks, with ctx = the svc. */
void svc_io(struct svc *s, struct aik_enrol_io *io);
/* The identity and target of the test TPM. */
void svc_identity(struct svc *s, struct aik_enrol_identity *id, const uint8_t **chain, size_t *chain_len);
/* A trust store holding the test root (Microsoft\RootCA) and the AIK CA (Microsoft\IntermediateCA) for s->id. */
struct trust_store *svc_store(struct svc *s);
void svc_store_free(struct trust_store *t);
/* The client's pkiMessage as the service reads it: content, signer certificate, SCEP attributes; its signature
 * verified with the signer certificate's key. */
struct svc_request {
	struct der content, cert, nonce, txid, type;
	struct cert_facts client;
};
bool svc_read_request(const uint8_t *p, size_t len, struct svc_request *r);
/* A fixed test run time: 2027-01-01. */
enum { SVC_NOW = 1798761600 };

#endif
