/* scep_client.c - see scep_client.h. */
#include "checks/enrol/scep_client.h"
#include "checks/enrol/enrol_oids.h"
#include "checks/util/utc_time.h"
#include <mbedtls/rsa.h>
#include <mbedtls/sha1.h>
#include <mbedtls/x509_crt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CLIENT_KEY_BITS = 2048, CERT_BUF = 4096, VALID_DAYS = 367 };

void scep_client_init(struct scep_client *c)
{
	memset(c, 0, sizeof(*c));
	mbedtls_pk_init(&c->key);
}

void scep_client_free(struct scep_client *c)
{
	mbedtls_pk_free(&c->key); /* mbed TLS zeroizes the key's numbers as it frees them */
	free(c->cert);
	scep_client_init(c);
}

int scep_client_make_key(struct scep_client *c, struct enrol_rng *rng)
{
	if (mbedtls_pk_setup(&c->key, mbedtls_pk_info_from_type(MBEDTLS_PK_RSA)) != 0)
		return -1;
	return mbedtls_rsa_gen_key(mbedtls_pk_rsa(c->key), enrol_rng_fill, rng, CLIENT_KEY_BITS, 65537) == 0 ? 0 : -1;
}

int scep_client_use_key(struct scep_client *c, const uint8_t *key, size_t len, struct enrol_rng *rng)
{
	return mbedtls_pk_parse_key(&c->key, key, len, NULL, 0, enrol_rng_fill, rng) == 0 &&
	       mbedtls_pk_get_type(&c->key) == MBEDTLS_PK_RSA ? 0 : -1;
}

static void x509_time(char out[15], long long t)
{
	int y, mo, d, h, mi, s;
	unix_to_civil(t, &y, &mo, &d, &h, &mi, &s);
	snprintf(out, 15, "%04d%02d%02d%02d%02d%02d", y, mo, d, h, mi, s);
}

/* Serial, validity and the two key identifiers (random, as Windows' are: certs.go). */
static int describe(mbedtls_x509write_cert *crt, long long now, struct enrol_rng *rng)
{
	uint8_t serial[16], aki[4 + 20] = { 0x30, 0x16, 0x80, 0x14 }, ski[2 + 20] = { DER_OCTET_STRING, 20 };
	char from[15], to[15];
	if (enrol_rng_fill(rng, serial, sizeof(serial)) || enrol_rng_fill(rng, aki + 4, 20) || enrol_rng_fill(rng, ski + 2, 20))
		return -1;
	serial[0] = (uint8_t)((serial[0] & 0x7F) | 0x40); /* positive, and 16 bytes long */
	x509_time(from, now);
	x509_time(to, now + VALID_DAYS * 86400LL);
	return mbedtls_x509write_crt_set_serial_raw(crt, serial, sizeof(serial)) ||
	       mbedtls_x509write_crt_set_validity(crt, from, to) ||
	       mbedtls_x509write_crt_set_subject_name(crt, "CN=" SCEP_CLIENT_CN) ||
	       mbedtls_x509write_crt_set_issuer_name(crt, "CN=" SCEP_CLIENT_CN) ||
	       /* mbed TLS writes extensions in the order they are set: AKI, then SKI, as Windows */
	       mbedtls_x509write_crt_set_extension(crt, (const char *)OID_AUTHORITY_KEY_ID, sizeof(OID_AUTHORITY_KEY_ID),
						   0, aki, sizeof(aki)) ||
	       mbedtls_x509write_crt_set_extension(crt, (const char *)OID_SUBJECT_KEY_ID, sizeof(OID_SUBJECT_KEY_ID), 0,
						   ski, sizeof(ski)) ? -1 : 0;
}

/* transactionID and the signer hash, from the certificate just made. */
static void identify(struct scep_client *c)
{
	uint8_t digest[20];
	mbedtls_sha1(c->facts.spki.p, c->facts.spki.len, digest);
	hex_lower(c->transaction_id, digest, sizeof(digest));
	mbedtls_sha1(c->cert, c->cert_len, c->signer_hash);
}

int scep_client_certify(struct scep_client *c, long long now, struct enrol_rng *rng, const char **why)
{
	mbedtls_x509write_cert crt;
	uint8_t *buf = malloc(CERT_BUF);
	int n = -1;
	mbedtls_x509write_crt_init(&crt);
	mbedtls_x509write_crt_set_subject_key(&crt, &c->key);
	mbedtls_x509write_crt_set_issuer_key(&crt, &c->key);
	mbedtls_x509write_crt_set_md_alg(&crt, MBEDTLS_MD_SHA256);
	*why = "out of memory";
	if (buf && describe(&crt, now, rng) == 0) {
		*why = "the certificate cannot be written or signed";
		n = mbedtls_x509write_crt_der(&crt, buf, CERT_BUF, enrol_rng_fill, rng);
	}
	mbedtls_x509write_crt_free(&crt);
	if (n > 0 && (c->cert = malloc((size_t)n))) {
		memcpy(c->cert, buf + CERT_BUF - n, (size_t)n);
		c->cert_len = (size_t)n;
	}
	free(buf);
	if (!c->cert)
		return -1;
	if (cert_facts_parse(c->cert, c->cert_len, &c->facts, why) != 0)
		return -1;
	identify(c);
	*why = NULL;
	return 0;
}
