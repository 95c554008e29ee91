/*
 * fuzz_enrol_answer.c - everything the AIK enrolment reads from the service (checks/enrol), with the fixed test
 * PKI (tests/unit/enrol_test_pki.h). The first byte picks the reader:
 *   0  a CertRep: 16 bytes of the request's senderNonce, 40 of its transactionID (NUL-padded), then the message;
 *      read and verified against the test RA signing certificate, its content decrypted with the fixed client key,
 *      and the plaintext read as a challenge and as an issued certificate
 *   1  a decrypted challenge (SET { SEQUENCE { OID, SET { OCTET STRING } }, serverContext })
 *   2  a decrypted certificate container (certs-only PKCS#7 or a bare certificate), checked against the test AIK CA
 *   3  an EnvelopedData, opened with the fixed client key
 * Seeds: written by `test_aik_enrol --write DIR tests/fuzz/seeds/fuzz_enrol_answer` from one good enrolment.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/x509_crt.h>
#include "checks/enrol/aik_key.h"
#include "checks/enrol/certrep.h"
#include "checks/enrol/cms_envelope.h"
#include "checks/enrol/ek_challenge.h"
#include "checks/enrol/issued_cert.h"
#include "tests/unit/enrol_test_pki.h"
#include "tests/unit/pem_cert.h"

static int fixed_random(uint8_t *out, size_t len)
{
	for (size_t i = 0; i < len; i++)
		out[i] = (uint8_t)(0x5A ^ i * 13);
	return 0;
}

static struct {
	bool ready;
	struct enrol_rng rng;
	mbedtls_pk_context client;
	struct cert_facts ras, client_facts;
	uint8_t *aikca, *root, *ras_der;
	size_t aikca_len, root_len, ras_len;
	TPM2B_PUBLIC aik;
} k;

static void setup(void)
{
	const char *why;
	mbedtls_pk_context aik;
	k.rng.random = fixed_random;
	mbedtls_pk_init(&k.client);
	mbedtls_pk_init(&aik);
	if (mbedtls_pk_parse_key(&k.client, (const uint8_t *)pki_client_key, sizeof(pki_client_key), NULL, 0,
				 enrol_rng_fill, &k.rng) != 0 ||
	    mbedtls_pk_parse_key(&aik, (const uint8_t *)pki_aik_key, sizeof(pki_aik_key), NULL, 0, enrol_rng_fill, &k.rng))
		abort();
	k.aikca = pem_cert_der(pki_aikca_pem, &k.aikca_len);
	k.root = pem_cert_der(pki_root_pem, &k.root_len);
	k.ras_der = pem_cert_der(pki_ras_pem, &k.ras_len);
	if (cert_facts_parse(k.ras_der, k.ras_len, &k.ras, &why) != 0)
		abort();
	k.aik.publicArea.type = TPM2_ALG_RSA;
	k.aik.publicArea.unique.rsa.size = 256;
	mbedtls_rsa_export_raw(mbedtls_pk_rsa(aik), k.aik.publicArea.unique.rsa.buffer, 256, NULL, 0, NULL, 0, NULL, 0,
			       NULL, 0);
	mbedtls_pk_free(&aik);
	k.ready = true;
}

static void plaintext(const uint8_t *p, size_t len)
{
	struct ek_challenge c;
	struct issued_cert cert;
	struct issued_anchors a = { k.aikca, k.root, k.aikca_len, k.root_len };
	const char *why;
	char text[240];
	if (ek_challenge_read(p, len, &c, &why) == 0 && (c.server_context.len == 0 || !c.credential.size))
		abort(); /* a challenge read always has a server context and a credential */
	if (issued_cert_check(p, len, &a, &k.aik, 1798761600 /* 2027-01-01 */, &cert, text, sizeof(text)) == ISSUED_OK &&
	    strlen(cert.sha256) != 64)
		abort();
}

static void envelope(const uint8_t *p, size_t len, bool then_read)
{
	const char *why;
	size_t n = 0;
	uint8_t *plain = cms_open_envelope(p, len, &k.client_facts, &k.client, &k.rng, &n, &why);
	if (!plain && !why)
		abort(); /* a refusal always says why */
	if (plain && then_read)
		plaintext(plain, n);
	if (plain)
		mbedtls_platform_zeroize(plain, n);
	free(plain);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!k.ready)
		setup();
	if (size < 1)
		return 0;
	const uint8_t *p = data + 1;
	size_t len = size - 1;
	switch (data[0]) {
	case 0: {
		if (len < 56)
			return 0;
		char txid[41] = "", why[160];
		memcpy(txid, p + 16, 40);
		struct certrep rep;
		enum certrep_fault f = certrep_read(p + 56, len - 56, &k.ras, txid, p, &rep, why, sizeof(why));
		if (f != CERTREP_OK && !why[0])
			abort();
		if (f == CERTREP_OK && rep.has_content)
			envelope(rep.content.p, rep.content.len, true);
		break;
	}
	case 1:
	case 2:
		plaintext(p, len);
		break;
	case 3:
		envelope(p, len, false);
		break;
	}
	return 0;
}
