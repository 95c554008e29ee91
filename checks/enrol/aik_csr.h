/*
 * aik_csr.h - the PKCS#10 request (RFC 2986) for the AIK as Windows writes
 * it (MS-WCCE 3.1.1.4.3.4.1.1: szOID_ENROLL_EK_INFO, _ATTESTATION_STATEMENT
 * and _KSP_NAME attributes; the exact shape and Windows' order of the
 * attributes from the public reconstruction, google/security-research
 * pocs/bios/tpm-carte-blanche/lib/akscep/akcsr.go):
 *   version 0, an empty subject, the AIK's SubjectPublicKeyInfo, attributes [0]:
 *     1.3.6.1.4.1.311.13.2.3 OS version (IA5String); .311.21.42 SCEP signer hash (SHA-1 of the client's SCEP
 *     certificate); .311.21.20 ClientInfo { 5, machine, user, "taskhostw.exe" }; .311.21.25 KSP name (BMPString
 *     "Microsoft Platform Crypto Provider"); .311.13.2.2 CSP info { 0, that name, empty BIT STRING };
 *     extensionRequest { subjectAltName (the EK certificate's, copied), key affinity .311.21.41 (NULL),
 *     subjectKeyIdentifier (20 random bytes) }; .311.21.24 the attestation statement (kast.h);
 *     .311.21.23 EK info: EnvelopedData to the RA encryption certificate of SEQUENCE { EK SPKI, EK certificate }
 * and a "signature" that is only SHA-256 of the CertificationRequestInfo under the algorithm id-sha256: a
 * restricted AIK cannot sign outside data; the proof of possession is CertifyCreation and ActivateCredential.
 */
#ifndef PREFLIGHT_AIK_CSR_H
#define PREFLIGHT_AIK_CSR_H
#include <stddef.h>
#include <stdint.h>
#include "checks/x509/cert_facts.h"

#define AIK_KSP_NAME "Microsoft Platform Crypto Provider"
#define AIK_CLIENT_PROCESS "taskhostw.exe"

struct aik_csr_input {
	const uint8_t *spki;          /* the AIK's SubjectPublicKeyInfo */
	size_t spki_len;
	const char *os_version, *machine_name, *user_name;
	uint8_t scep_signer_hash[20];
	struct der san;               /* the EK certificate's subjectAltName extnValue (GeneralNames DER) */
	uint8_t ski[20];
	const uint8_t *kast;
	size_t kast_len;
	const uint8_t *ek_info;       /* DER ContentInfo(EnvelopedData) */
	size_t ek_info_len;
};

/* The DER CertificationRequest (malloc'd), or NULL (no memory). */
uint8_t *aik_csr_build(const struct aik_csr_input *in, size_t *len);
/* The EK info's plaintext, SEQUENCE { SubjectPublicKeyInfo, Certificate } of the EK (malloc'd), or NULL. */
uint8_t *aik_ek_info(const struct cert_facts *ek, size_t *len);

#endif
