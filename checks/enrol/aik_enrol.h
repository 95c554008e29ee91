/*
 * aik_enrol.h - the AIK enrolment Windows runs at "Securing your hardware"
 * (certreq -enrollaik), played against Microsoft's AIK service: SCEP
 * (RFC 8894) with Microsoft's extensions (MS-WCCE 3.1.1.4.3.4.1.2 client side,
 * 2.2.2.7.13 szOID_ENROLL_EK_INFO; the Windows SDK's X509SCEPMessageType and
 * X509SCEPDisposition; the public reconstruction in google/security-research,
 * pocs/bios/tpm-carte-blanche/writeup.md). docs/aik-enrolment.md describes
 * every message and marks what is inferred.
 *
 * This layer builds and reads the messages and runs the three round trips. It
 * never touches the TPM itself: the caller made the AIK and its
 * TPM2_CertifyCreation (struct aik_enrol_tpm) and answers the challenge through
 * the activate callback (TPM2_ActivateCredential). The network is reached
 * through callbacks too, so the unit tests and the fuzz targets drive it
 * without one.
 */
#ifndef PREFLIGHT_AIK_ENROL_H
#define PREFLIGHT_AIK_ENROL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tss2/tss2_tpm2_types.h>
#include "net/http_client.h"
#include "checks/trust/aik_id.h"
#include "checks/trust/trust_store.h"

/* What the TPM made, as the TPM returned it (marshalled by this layer with tss2-mu). */
struct aik_enrol_tpm {
	TPM2B_PUBLIC aik_public;          /* the AIK's public area (Windows' template: tpm_ak_template.h AK_RSA_2048) */
	TPM2B_CREATION_DATA creation;     /* TPM2_Create / TPM2_CreatePrimary's creationData */
	TPM2B_ATTEST attest;              /* TPM2_CertifyCreation of the AIK, signed by the AIK */
	TPMT_SIGNATURE signature;         /* its signature */
};

/* The TPM's identity, copied into the request as Windows copies it. */
struct aik_enrol_identity {
	const uint8_t *ek_cert;           /* the RSA EK certificate, DER */
	size_t ek_cert_len;
	const uint8_t *const *ek_chain;   /* intermediate CA certificates of the EK (DER), sent in SignedData.certificates */
	const size_t *ek_chain_len;
	size_t ek_chain_count;
	const char *os_version;           /* the OS version attribute (szOID_OS_VERSION), e.g. "10.0.26100.2" */
	const char *machine_name;         /* ClientInfo's machine name */
};

struct aik_enrol_io {
	void *ctx;
	/* GET and POST as net/http_client.h's http_get / http_send (0 when an answer arrived, any status). */
	int (*get)(void *ctx, const char *url, struct http_result *out);
	int (*post)(void *ctx, const char *url, const char *content_type, const uint8_t *body, size_t len,
		    struct http_result *out);
	/* TPM2_ActivateCredential with the AIK and the EK: 0 and the secret, or -1 with why (and the TPM's code). */
	int (*activate)(void *ctx, const TPM2B_ID_OBJECT *credential, const TPM2B_ENCRYPTED_SECRET *secret,
			TPM2B_DIGEST *recovered, uint32_t *tpm_rc, char *why, size_t why_cap);
	int (*random)(uint8_t *out, size_t len); /* 0 on success (boot/platform.h platform_random) */
	void (*say)(void *ctx, const char *progress); /* a progress line for the slow steps, may be NULL */
	long long now;                    /* Unix time: the client certificate's validity, the issued one's check */
};

enum aik_enrol_state {
	AIK_ENROL_ISSUED,             /* an AIK certificate came back and verified: chain, EKU, the AIK's own key */
	AIK_ENROL_AUTHORITY_UNKNOWN,  /* 404 "The authority ... does not exist" */
	AIK_ENROL_EK_REJECTED,        /* 400 "No valid TPM EK/Platform Certificate provided ..." */
	AIK_ENROL_ATTESTATION_REJECTED, /* 400 "Attestation statement cannot be verified ... firmware needs update" */
	AIK_ENROL_REQUEST_REJECTED,   /* another 4xx, "Failed to parse SCEP request", or SCEP FAILURE with a failInfo */
	AIK_ENROL_CHALLENGE_REJECTED, /* the service refused the answer to its challenge */
	AIK_ENROL_RATE_LIMITED,       /* 429 (Retry-After in retry_after_s) */
	AIK_ENROL_SERVICE_ERROR,      /* 5xx, or an answer of a kind SCEP does not have */
	AIK_ENROL_UNREACHABLE,        /* no answer (DNS, connect, TLS, time-out): http_phase and code say which */
	AIK_ENROL_ANSWER_UNREADABLE,  /* an answer that is not the message it must be (truncated, garbage, bad CMS) */
	AIK_ENROL_ANSWER_UNTRUSTED,   /* an answer not signed by the service's RA signing certificate */
	AIK_ENROL_CERT_INVALID,       /* the certificate issued does not verify, lacks the EKU or holds another key */
	AIK_ENROL_ACTIVATION_FAILED,  /* the TPM could not unwrap the challenge (activate callback failed) */
	AIK_ENROL_NO_RA_CERT,         /* GetCACertChain gave no usable RA encryption or signing certificate */
	AIK_ENROL_LOCAL_ERROR,        /* the tool's own failure: no memory, no random numbers, a key it could not make */
	AIK_ENROL_STATE_COUNT
};

enum { AIK_ENROL_SERIAL_MAX = 80, AIK_ENROL_TEXT_MAX = 240 };

struct aik_enrol_outcome {
	enum aik_enrol_state state;
	int round_trips;                  /* POSTs sent (at most 2: PKCSReq, ClaimChallengeAnswer) */
	int http_status;                  /* the last answer's status, 0 when none */
	long retry_after_s;               /* from a 429's Retry-After, -1 when absent */
	char service_message[AIK_ENROL_TEXT_MAX]; /* the service's own words ({"Message": ...}, or the body's first line) */
	char problem[AIK_ENROL_TEXT_MAX]; /* what is wrong, in words, for any state but ISSUED */
	char failure_code[FAILURE_CODE_MAX]; /* the transport's failure code, "" when none */
	uint32_t tpm_rc;                  /* ActivateCredential's response code when it failed, 0 otherwise */
	char transaction_id[72];          /* SCEP transactionID of this enrolment */
	int pki_status;                   /* the last CertRep's pkiStatus (0 granted, 2 failure, 3 pending, 11 challenge), -1 */
	int fail_info;                    /* its failInfo, -1 when none */
	bool answer_without_scep_attributes; /* the certificate came in a signed answer without SCEP attributes */
	/* the certificate issued */
	char serial[AIK_ENROL_SERIAL_MAX];/* hex, as encoded */
	char issuer[96];                  /* its issuer's common name */
	long long not_before, not_after;
	char cert_sha256[65];
	size_t request_bytes, answer_bytes; /* what was sent to and received from the service, in all */
};

/*
 * Runs one enrolment against the service at target->scep_url
 * (https://<MFR>-KeyId-<id>.microsoftaik.azure.net/templates/Aik/scep):
 * GetCACertChain for the RA certificates, the PKCSReq, the challenge answered through io->activate, the
 * ClaimChallengeAnswer, and the certificate verified to the AIK CA and root of that chain. Never retries: one
 * request of each kind at most (the service spends about 11 RSA private operations per certificate). The client's
 * SCEP key is made here, for this run only (io->say announces it: seconds on a slow machine), and wiped at the end.
 * Returns 0 when the outcome is filled (any state); -1 when called without what it needs (a NULL callback, URL,
 * EK certificate, OS version or machine name: state LOCAL_ERROR).
 */
struct aik_enrol_target {
	const char *scep_url;             /* the AIK URL (checks/ekcert/aik_url.h) */
	const struct aik_id *id;          /* the id it was derived from: the AIK CA the chain must present */
	const struct trust_store *store;  /* TrustedTpm.cab for Microsoft's TPM root, or NULL (the pinned root only) */
};

int aik_enrol_run(const struct aik_enrol_target *target, const struct aik_enrol_tpm *tpm,
		  const struct aik_enrol_identity *id, const struct aik_enrol_io *io, struct aik_enrol_outcome *out);

const char *aik_enrol_state_name(enum aik_enrol_state s);

#endif
