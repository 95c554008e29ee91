/*
 * cert_facts.h - what the checks need from an X.509 certificate (RFC 5280),
 * read with our own bounds-checked DER walker so that certificates mbed TLS
 * rejects (RSAES-OAEP keys, non-DER encodings, docs/attestation-facts.md §4) still give their
 * issuer, AKI, key and validity. Signatures are verified with mbed TLS using
 * the spans recorded here (cert_chain.c).
 */
#ifndef PREFLIGHT_CERT_FACTS_H
#define PREFLIGHT_CERT_FACTS_H
#include <stdbool.h>
#include "checks/x509/der.h"

enum key_type { KEY_UNKNOWN, KEY_RSA, KEY_RSA_OAEP, KEY_EC };
/* RFC 5280 4.2.1.3 KeyUsage bits as numbered there. */
enum { KEY_USAGE_DIGITAL_SIGNATURE = 1u << 0, KEY_USAGE_KEY_ENCIPHERMENT = 1u << 2, KEY_USAGE_DATA_ENCIPHERMENT = 1u << 3,
       KEY_USAGE_KEY_CERT_SIGN = 1u << 5 };

struct cert_facts {
	struct der whole;     /* the Certificate TLV */
	struct der tbs;       /* the TBSCertificate TLV: the signed bytes */
	struct der sig_oid;   /* signatureAlgorithm OID contents */
	struct der sig_params;/* its parameters TLV (RSASSA-PSS), empty when absent */
	struct der signature; /* signature BIT STRING contents, without the unused-bits byte */
	struct der serial;
	struct der issuer;    /* Name TLV, raw bytes as encoded (NameId hashes these, docs/attestation-facts.md §2) */
	struct der subject;
	long long not_before, not_after; /* Unix time */
	struct der spki;      /* SubjectPublicKeyInfo TLV */
	enum key_type key_type;
	struct der ec_curve;  /* named curve OID contents for EC keys */
	struct der key_bits;  /* subjectPublicKey contents without the unused-bits byte */
	struct der rsa_modulus;  /* without leading zero bytes, for RSA keys */
	uint32_t rsa_exponent;
	bool has_aki, has_ski, has_eku, eku_ek_certificate, has_san;
	bool eku_aik_certificate;           /* extKeyUsage lists tcg-kp-AIKCertificate 2.23.133.8.3 */
	struct der san;                     /* subjectAltName's extnValue contents as encoded, when has_san */
	bool has_basic_constraints, is_ca;  /* basicConstraints present; its cA (RFC 5280 4.2.1.9) */
	bool has_path_len;                  /* its pathLenConstraint, capped at 255 */
	unsigned path_len;
	bool has_key_usage, key_cert_sign;  /* keyUsage present; its keyCertSign bit (RFC 5280 4.2.1.3) */
	unsigned key_usage;                 /* its bits, KEY_USAGE_* (bit 0, digitalSignature, is 1 << 0) */
	struct der aki_keyid, ski;
	char tpm_manufacturer[24]; /* SAN tcg-at-tpmManufacturer as written, e.g. "id:49465800" */
	char tpm_model[64];
	char tpm_version[32];
	char ca_issuers_url[256];  /* AIA caIssuers URI */
	char issuer_cn[128], subject_cn[128];
	bool self_issued;          /* issuer bytes equal subject bytes */
};

/* Parses one certificate occupying exactly len bytes. Returns 0, or -1 with a reason. */
int cert_facts_parse(const uint8_t *der, size_t len, struct cert_facts *out, const char **why);
/* The 4-character manufacturer from "id:49465800" (TCG EK Credential Profile 3.2.9), "" when absent. */
void cert_facts_manufacturer(const struct cert_facts *c, char out[5]);
/* Renders bytes as lower-case hex (out holds 2*len+1). */
void hex_lower(char *out, const uint8_t *bytes, size_t len);
/* The serial number as encoded, in lower-case hex, cut to fit `cap` bytes with its NUL. */
void cert_serial_hex(const struct cert_facts *c, char *out, size_t cap);
/* The SHA-256 of the whole DER certificate in lower-case hex: its fingerprint. */
void cert_sha256_hex(const struct cert_facts *c, char out[65]);

#endif
