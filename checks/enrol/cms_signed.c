/* cms_signed.c - see cms_signed.h. */
#include "checks/enrol/cms_signed.h"
#include "checks/enrol/der_writer.h"
#include "checks/enrol/enrol_oids.h"
#include <mbedtls/sha256.h>
#include <stdlib.h>

enum { SIGNATURE_MAX = 512 };

static void attribute(struct der_writer *w, const uint8_t *oid, size_t oid_len, uint8_t tag, const uint8_t *v, size_t n)
{
	dw_begin(w, DER_SEQUENCE);
	dw_oid(w, oid, oid_len);
	dw_begin(w, DER_SET);
	dw_tlv(w, tag, v, n);
	dw_end(w);
	dw_end(w);
}

static void text_attribute(struct der_writer *w, const uint8_t *oid, size_t oid_len, const char *text)
{
	size_t n = 0;
	while (text[n])
		n++;
	attribute(w, oid, oid_len, DER_PRINTABLE, (const uint8_t *)text, n);
}

/* The signed attributes as the SET OF that is signed (RFC 5652 5.4: DER, tag SET). */
static uint8_t *signed_attributes(const struct scep_message *m, const uint8_t digest[32], size_t *len)
{
	struct der_writer w;
	dw_init(&w);
	dw_begin_set_of(&w);
	attribute(&w, OID_CONTENT_TYPE, sizeof(OID_CONTENT_TYPE), DER_OID, OID_ID_DATA, sizeof(OID_ID_DATA));
	attribute(&w, OID_MESSAGE_DIGEST, sizeof(OID_MESSAGE_DIGEST), DER_OCTET_STRING, digest, 32);
	if (m->message_type)
		text_attribute(&w, OID_SCEP_MESSAGE_TYPE, sizeof(OID_SCEP_MESSAGE_TYPE), m->message_type);
	if (m->pki_status)
		text_attribute(&w, OID_SCEP_PKI_STATUS, sizeof(OID_SCEP_PKI_STATUS), m->pki_status);
	if (m->fail_info)
		text_attribute(&w, OID_SCEP_FAIL_INFO, sizeof(OID_SCEP_FAIL_INFO), m->fail_info);
	if (m->transaction_id)
		text_attribute(&w, OID_SCEP_TRANSACTION_ID, sizeof(OID_SCEP_TRANSACTION_ID), m->transaction_id);
	if (m->sender_nonce)
		attribute(&w, OID_SCEP_SENDER_NONCE, sizeof(OID_SCEP_SENDER_NONCE), DER_OCTET_STRING, m->sender_nonce,
			  SCEP_NONCE_LEN);
	if (m->recipient_nonce)
		attribute(&w, OID_SCEP_RECIPIENT_NONCE, sizeof(OID_SCEP_RECIPIENT_NONCE), DER_OCTET_STRING,
			  m->recipient_nonce, SCEP_NONCE_LEN);
	dw_end(&w);
	return dw_finish(&w, len);
}

static void signer_info(struct der_writer *w, const struct scep_message *m, const uint8_t *attrs, size_t attrs_len,
			const uint8_t *sig, size_t sig_len)
{
	dw_begin(w, DER_SET);
	dw_begin(w, DER_SEQUENCE); /* SignerInfo, version 1 (issuerAndSerialNumber) */
	dw_small_int(w, 1);
	dw_begin(w, DER_SEQUENCE);
	dw_raw(w, m->signer->issuer.p, m->signer->issuer.len);
	dw_tlv(w, DER_INTEGER, m->signer->serial.p, m->signer->serial.len);
	dw_end(w);
	dw_alg(w, OID_SHA256, sizeof(OID_SHA256), true);
	uint8_t implicit = 0xA0; /* signedAttrs [0] IMPLICIT: the SET's contents under another tag */
	dw_raw(w, &implicit, 1);
	dw_raw(w, attrs + 1, attrs_len - 1);
	/* rsaEncryption as the signature algorithm, as the public client sends it (akscep.go); RFC 5754 3.2 allows
	 * either this or sha256WithRSAEncryption */
	dw_alg(w, OID_RSA_ENCRYPTION, sizeof(OID_RSA_ENCRYPTION), true);
	dw_tlv(w, DER_OCTET_STRING, sig, sig_len);
	dw_end(w);
	dw_end(w);
}

static uint8_t *write_signed_data(const struct scep_message *m, const uint8_t *attrs, size_t attrs_len,
				  const uint8_t *sig, size_t sig_len, size_t *out_len)
{
	struct der_writer w;
	dw_init(&w);
	dw_begin(&w, DER_SEQUENCE); /* ContentInfo */
	dw_oid(&w, OID_ID_SIGNED_DATA, sizeof(OID_ID_SIGNED_DATA));
	dw_begin(&w, 0xA0);
	dw_begin(&w, DER_SEQUENCE); /* SignedData, version 1 (RFC 5652 5.1) */
	dw_small_int(&w, 1);
	dw_begin(&w, DER_SET);
	dw_alg(&w, OID_SHA256, sizeof(OID_SHA256), true);
	dw_end(&w);
	dw_begin(&w, DER_SEQUENCE); /* EncapsulatedContentInfo */
	dw_oid(&w, OID_ID_DATA, sizeof(OID_ID_DATA));
	if (m->content) {
		dw_begin(&w, 0xA0);
		dw_tlv(&w, DER_OCTET_STRING, m->content, m->content_len);
		dw_end(&w);
	}
	dw_end(&w);
	dw_begin(&w, 0xA0); /* certificates [0] IMPLICIT */
	dw_raw(&w, m->signer->whole.p, m->signer->whole.len);
	for (size_t i = 0; i < m->extra_count; i++)
		dw_raw(&w, m->extra_certs[i], m->extra_len[i]);
	dw_end(&w);
	signer_info(&w, m, attrs, attrs_len, sig, sig_len);
	dw_end(&w);
	dw_end(&w);
	dw_end(&w);
	return dw_finish(&w, out_len);
}

uint8_t *scep_sign(const struct scep_message *m, struct enrol_rng *rng, size_t *out_len, const char **why)
{
	uint8_t digest[32], attrs_digest[32], sig[SIGNATURE_MAX], *out = NULL;
	size_t attrs_len = 0, sig_len = 0;
	*out_len = 0;
	*why = NULL;
	mbedtls_sha256(m->content ? m->content : (const uint8_t *)"", m->content ? m->content_len : 0, digest, 0);
	uint8_t *attrs = signed_attributes(m, digest, &attrs_len);
	if (!attrs)
		*why = "out of memory";
	else if (mbedtls_sha256(attrs, attrs_len, attrs_digest, 0) != 0 ||
		 mbedtls_pk_sign(m->key, MBEDTLS_MD_SHA256, attrs_digest, sizeof(attrs_digest), sig, sizeof(sig), &sig_len,
				 enrol_rng_fill, rng) != 0)
		*why = "the RSA signature failed";
	else if (!(out = write_signed_data(m, attrs, attrs_len, sig, sig_len, out_len)))
		*why = "out of memory";
	free(attrs);
	return out;
}
