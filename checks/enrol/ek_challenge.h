/*
 * ek_challenge.h - the challenge in the service's first CertRep and the
 * client's answer to it (Microsoft's extension of SCEP; layout from the public
 * reconstruction, google/security-research pocs/bios/tpm-carte-blanche
 * lib/akscep/akchallenge.go and akscep.go):
 *   challenge: SET { SEQUENCE { OID, SET { OCTET STRING blob } }, serverContext }
 *     blob: a 24-byte little-endian header { magic, version, platform, headerSize, challengeSize, reserved }
 *           then challengeSize bytes: TPM2B_ID_OBJECT || TPM2B_ENCRYPTED_SECRET (TPM2_MakeCredential, TPM 2.0
 *           Part 3, 12.6, to the EK for the AIK's name)
 *   answer:    SET { SEQUENCE { szOID_ENROLL_SCEP_CHALLENGE_ANSWER, SET { ContentInfo(EnvelopedData to the RA
 *           encryption certificate of the credential ActivateCredential recovered) } }, serverContext }
 * The OID of the challenge and the header's magic and version are not public: they are read, not checked.
 */
#ifndef PREFLIGHT_EK_CHALLENGE_H
#define PREFLIGHT_EK_CHALLENGE_H
#include <tss2/tss2_tpm2_types.h>
#include "checks/enrol/cms_envelope.h"

enum { EK_CHALLENGE_HEADER = 24, SERVER_CONTEXT_MAX = 64 * 1024 };

struct ek_challenge {
	TPM2B_ID_OBJECT credential;
	TPM2B_ENCRYPTED_SECRET secret;
	uint32_t magic, version, platform;
	struct der oid;            /* the challenge's OID, pointing into the plaintext read */
	struct der server_context; /* the whole TLV, pointing into the plaintext read: echoed back verbatim */
};

/* Reads the decrypted content of the first CertRep; 0, or -1 with a reason. */
int ek_challenge_read(const uint8_t *p, size_t len, struct ek_challenge *out, const char **why);
/* The answer (malloc'd DER, wiped by the caller), or NULL with a reason. */
uint8_t *ek_challenge_answer(const TPM2B_DIGEST *recovered, const struct der *server_context,
			     const struct cert_facts *ra_encryption, struct enrol_rng *rng, size_t *len, const char **why);

#endif
