/* cms_envelope.c - see cms_envelope.h. */
#include "checks/enrol/cms_envelope.h"
#include "checks/enrol/der_writer.h"
#include "checks/enrol/enrol_oids.h"
#include <mbedtls/aes.h>
#include <mbedtls/platform_util.h>
#include <stdlib.h>
#include <string.h>

enum { AES_BLOCK = 16, RSA_BYTES_MAX = 512 };

/* AES-CBC over n bytes (a multiple of 16) in place. */
static int aes_cbc(const uint8_t *key, size_t key_len, int mode, uint8_t iv[AES_BLOCK], uint8_t *buf, size_t n)
{
	mbedtls_aes_context aes;
	mbedtls_aes_init(&aes);
	int rc = mode == MBEDTLS_AES_ENCRYPT ? mbedtls_aes_setkey_enc(&aes, key, (unsigned)key_len * 8)
					     : mbedtls_aes_setkey_dec(&aes, key, (unsigned)key_len * 8);
	if (rc == 0)
		rc = mbedtls_aes_crypt_cbc(&aes, mode, n, iv, buf, buf);
	mbedtls_aes_free(&aes);
	return rc;
}

static void write_recipient(struct der_writer *w, const struct cert_facts *r, const uint8_t *ek, size_t ek_len)
{
	dw_begin(w, DER_SET);
	dw_begin(w, DER_SEQUENCE);  /* KeyTransRecipientInfo, version 0 (issuerAndSerialNumber) */
	dw_small_int(w, 0);
	dw_begin(w, DER_SEQUENCE);  /* IssuerAndSerialNumber */
	dw_raw(w, r->issuer.p, r->issuer.len);
	dw_tlv(w, DER_INTEGER, r->serial.p, r->serial.len);
	dw_end(w);
	dw_alg(w, OID_RSA_ENCRYPTION, sizeof(OID_RSA_ENCRYPTION), true);
	dw_tlv(w, DER_OCTET_STRING, ek, ek_len);
	dw_end(w);
	dw_end(w);
}

static uint8_t *write_envelope(const struct cert_facts *r, const uint8_t *ek, size_t ek_len, const uint8_t *iv,
			       const uint8_t *cipher, size_t cipher_len, size_t *out_len)
{
	struct der_writer w;
	dw_init(&w);
	dw_begin(&w, DER_SEQUENCE); /* ContentInfo */
	dw_oid(&w, OID_ID_ENVELOPED_DATA, sizeof(OID_ID_ENVELOPED_DATA));
	dw_begin(&w, 0xA0);
	dw_begin(&w, DER_SEQUENCE); /* EnvelopedData, version 0 (RFC 5652 6.1) */
	dw_small_int(&w, 0);
	write_recipient(&w, r, ek, ek_len);
	dw_begin(&w, DER_SEQUENCE); /* EncryptedContentInfo */
	dw_oid(&w, OID_ID_DATA, sizeof(OID_ID_DATA));
	dw_begin(&w, DER_SEQUENCE);
	dw_oid(&w, OID_AES128_CBC, sizeof(OID_AES128_CBC));
	dw_tlv(&w, DER_OCTET_STRING, iv, AES_BLOCK);
	dw_end(&w);
	dw_tlv(&w, 0x80, cipher, cipher_len); /* encryptedContent [0] IMPLICIT OCTET STRING */
	dw_end(&w);
	dw_end(&w);
	dw_end(&w);
	dw_end(&w);
	return dw_finish(&w, out_len);
}

uint8_t *cms_envelope(const struct cert_facts *recipient, const uint8_t *plain, size_t len, struct enrol_rng *rng,
		      size_t *out_len, const char **why)
{
	uint8_t key[16], iv[AES_BLOCK], iv_work[AES_BLOCK], ek[RSA_BYTES_MAX];
	size_t ek_len = 0, padded = len + AES_BLOCK - len % AES_BLOCK;
	uint8_t *cipher = len <= CMS_CONTENT_MAX ? malloc(padded) : NULL, *out = NULL;
	mbedtls_pk_context pk;
	mbedtls_pk_init(&pk);
	*out_len = 0;
	*why = NULL;
	if (!cipher)
		*why = "out of memory, or content too large";
	else if (recipient->key_type != KEY_RSA ||
		 mbedtls_pk_parse_public_key(&pk, recipient->spki.p, recipient->spki.len) != 0)
		*why = "the recipient's certificate has no usable RSA key";
	else if (enrol_rng_fill(rng, key, sizeof(key)) != 0 || enrol_rng_fill(rng, iv, sizeof(iv)) != 0)
		*why = "no random numbers for the content key";
	else if (mbedtls_pk_encrypt(&pk, key, sizeof(key), ek, &ek_len, sizeof(ek), enrol_rng_fill, rng) != 0)
		*why = "RSA encryption of the content key failed";
	if (!*why) {
		memcpy(cipher, plain, len);
		memset(cipher + len, (int)(padded - len), padded - len); /* PKCS#7 padding, RFC 5652 6.3 */
		memcpy(iv_work, iv, sizeof(iv));
		if (aes_cbc(key, sizeof(key), MBEDTLS_AES_ENCRYPT, iv_work, cipher, padded) != 0)
			*why = "AES encryption failed";
	}
	if (!*why && !(out = write_envelope(recipient, ek, ek_len, iv, cipher, padded, out_len)))
		*why = "out of memory";
	mbedtls_platform_zeroize(key, sizeof(key));
	if (cipher)
		mbedtls_platform_zeroize(cipher, padded);
	free(cipher);
	mbedtls_pk_free(&pk);
	return out;
}

/* The reading side. */

struct recipient {
	struct der encrypted_key;
	bool matches;
};

static bool names_me(uint8_t tag, struct der rid, const struct cert_facts *me)
{
	if (tag == 0x80) /* [0] IMPLICIT SubjectKeyIdentifier */
		return me->has_ski && rid.len == me->ski.len && memcmp(rid.p, me->ski.p, rid.len) == 0;
	struct der issuer, issuer_value, serial;
	return tag == DER_SEQUENCE && der_expect(&rid, DER_SEQUENCE, &issuer_value, &issuer) &&
	       der_expect(&rid, DER_INTEGER, &serial, NULL) && issuer.len == me->issuer.len &&
	       memcmp(issuer.p, me->issuer.p, issuer.len) == 0 && serial.len == me->serial.len &&
	       memcmp(serial.p, me->serial.p, serial.len) == 0;
}

/* KeyTransRecipientInfo { version, rid, keyEncryptionAlgorithm, encryptedKey } with rsaEncryption. */
static const char *read_ktri(struct der ri, const struct cert_facts *me, struct recipient *out)
{
	struct der version, rid, alg, oid;
	uint8_t tag;
	if (!der_expect(&ri, DER_INTEGER, &version, NULL) || !der_next(&ri, &tag, &rid, NULL) ||
	    !der_expect(&ri, DER_SEQUENCE, &alg, NULL) || !der_expect(&alg, DER_OID, &oid, NULL) ||
	    !der_expect(&ri, DER_OCTET_STRING, &out->encrypted_key, NULL))
		return "a KeyTransRecipientInfo is malformed";
	if (!der_oid_is(&oid, OID_RSA_ENCRYPTION, sizeof(OID_RSA_ENCRYPTION)))
		return "its key transport is not RSA PKCS#1 v1.5 (rsaEncryption)";
	out->matches = names_me(tag, rid, me);
	return NULL;
}

/* The recipient for me among recipientInfos: the one naming me, else the only KeyTransRecipientInfo. */
static const char *pick_recipient(struct der set, const struct cert_facts *me, struct der *encrypted_key)
{
	struct der ri;
	struct recipient r, first = { { NULL, 0 }, false };
	size_t count = 0;
	while (set.len) {
		if (!der_expect(&set, DER_SEQUENCE, &ri, NULL))
			return "its recipientInfos hold no KeyTransRecipientInfo for an RSA key";
		const char *why = read_ktri(ri, me, &r);
		if (why)
			return why;
		if (r.matches) {
			*encrypted_key = r.encrypted_key;
			return NULL;
		}
		if (count++ == 0)
			first = r;
	}
	if (count != 1)
		return count ? "none of its recipients is this client" : "it has no recipient";
	*encrypted_key = first.encrypted_key;
	return NULL;
}

static size_t aes_key_len(const struct der *oid)
{
	if (der_oid_is(oid, OID_AES128_CBC, sizeof(OID_AES128_CBC)))
		return 16;
	if (der_oid_is(oid, OID_AES192_CBC, sizeof(OID_AES192_CBC)))
		return 24;
	return der_oid_is(oid, OID_AES256_CBC, sizeof(OID_AES256_CBC)) ? 32 : 0;
}

struct sealed {
	size_t key_len;
	uint8_t iv[AES_BLOCK];
	struct der cipher;     /* primitive [0]; */
	struct der pieces;     /* or constructed [0] of OCTET STRINGs (BER, RFC 5652 6.1) */
	bool constructed;
};

/* EncryptedContentInfo { contentType id-data, contentEncryptionAlgorithm AES-CBC { iv }, [0] encryptedContent }. */
static const char *read_encrypted_content(struct der eci, struct sealed *s)
{
	struct der type, alg, oid, iv, content;
	uint8_t tag;
	if (!der_expect(&eci, DER_OID, &type, NULL) || !der_expect(&eci, DER_SEQUENCE, &alg, NULL) ||
	    !der_expect(&alg, DER_OID, &oid, NULL))
		return "its EncryptedContentInfo is malformed";
	if (!der_oid_is(&type, OID_ID_DATA, sizeof(OID_ID_DATA)))
		return "its encrypted content is not id-data";
	if (!(s->key_len = aes_key_len(&oid)))
		return "its content is not encrypted with AES-CBC";
	if (!der_expect(&alg, DER_OCTET_STRING, &iv, NULL) || iv.len != AES_BLOCK)
		return "its AES-CBC parameters are not a 16-byte IV";
	memcpy(s->iv, iv.p, AES_BLOCK);
	if (!der_next(&eci, &tag, &content, NULL) || (tag != 0x80 && tag != 0xA0))
		return "it has no encrypted content";
	s->constructed = tag == 0xA0;
	(s->constructed ? &s->pieces : &s->cipher)->p = content.p;
	(s->constructed ? &s->pieces : &s->cipher)->len = content.len;
	return NULL;
}

/* The ciphertext in one buffer (malloc'd), from the primitive or the constructed form. */
static uint8_t *gather(const struct sealed *s, size_t *len, const char **why)
{
	struct der pieces = s->pieces, piece;
	size_t total = 0;
	if (!s->constructed)
		total = s->cipher.len;
	else
		while (pieces.len)
			if (!der_expect(&pieces, DER_OCTET_STRING, &piece, NULL)) {
				*why = "its constructed encrypted content is malformed";
				return NULL;
			} else
				total += piece.len;
	if (!total || total % AES_BLOCK || total > CMS_CONTENT_MAX) {
		*why = "its encrypted content is not whole AES blocks (or is empty, or over 1 MiB)";
		return NULL;
	}
	uint8_t *buf = malloc(total);
	if (!buf) {
		*why = "out of memory";
		return NULL;
	}
	if (!s->constructed)
		memcpy(buf, s->cipher.p, total);
	pieces = s->pieces;
	for (size_t at = 0; s->constructed && der_expect(&pieces, DER_OCTET_STRING, &piece, NULL); at += piece.len)
		memcpy(buf + at, piece.p, piece.len);
	*len = total;
	return buf;
}

static const char *read_envelope(const uint8_t *p, size_t len, struct der *recipients, struct der *eci)
{
	struct der in = { p, len }, ci, oid, explicit, ed, version, field;
	uint8_t tag;
	if (!der_expect(&in, DER_SEQUENCE, &ci, NULL) || in.len)
		return "it is not one DER ContentInfo";
	if (!der_expect(&ci, DER_OID, &oid, NULL) || !der_oid_is(&oid, OID_ID_ENVELOPED_DATA, sizeof(OID_ID_ENVELOPED_DATA)))
		return "its ContentInfo is not a CMS EnvelopedData";
	if (!der_expect(&ci, 0xA0, &explicit, NULL) || !der_expect(&explicit, DER_SEQUENCE, &ed, NULL) ||
	    !der_expect(&ed, DER_INTEGER, &version, NULL))
		return "its EnvelopedData is malformed";
	if (!der_next(&ed, &tag, &field, NULL))
		return "its EnvelopedData ends early";
	if (tag == 0xA0 && !der_next(&ed, &tag, &field, NULL)) /* originatorInfo */
		return "its EnvelopedData ends early";
	if (tag != DER_SET || !der_expect(&ed, DER_SEQUENCE, eci, NULL))
		return "its EnvelopedData has no recipientInfos or no encryptedContentInfo";
	*recipients = field;
	return NULL;
}

static uint8_t *unpad(uint8_t *buf, size_t total, size_t *out_len, const char **why)
{
	uint8_t n = buf[total - 1];
	bool ok = n >= 1 && n <= AES_BLOCK;
	for (size_t i = 0; ok && i < n; i++)
		ok = buf[total - 1 - i] == n;
	if (!ok) {
		*why = "its decrypted content has no valid padding (another key, or a damaged message)";
		mbedtls_platform_zeroize(buf, total);
		free(buf);
		return NULL;
	}
	*out_len = total - n;
	return buf;
}

uint8_t *cms_open_envelope(const uint8_t *p, size_t len, const struct cert_facts *me, mbedtls_pk_context *key,
			   struct enrol_rng *rng, size_t *out_len, const char **why)
{
	struct der recipients, eci, encrypted_key;
	struct sealed s;
	uint8_t cek[RSA_BYTES_MAX], *buf = NULL;
	size_t cek_len = 0, total = 0;
	memset(&s, 0, sizeof(s));
	*out_len = 0;
	if ((*why = read_envelope(p, len, &recipients, &eci)) || (*why = pick_recipient(recipients, me, &encrypted_key)) ||
	    (*why = read_encrypted_content(eci, &s)))
		return NULL;
	if (mbedtls_pk_decrypt(key, encrypted_key.p, encrypted_key.len, cek, &cek_len, sizeof(cek), enrol_rng_fill, rng) != 0)
		*why = "its content key does not decrypt with this client's key";
	else if (cek_len != s.key_len)
		*why = "its content key is not the length its algorithm needs";
	else if ((buf = gather(&s, &total, why)) &&
		 aes_cbc(cek, cek_len, MBEDTLS_AES_DECRYPT, s.iv, buf, total) != 0) {
		*why = "AES decryption failed";
		free(buf);
		buf = NULL;
	}
	mbedtls_platform_zeroize(cek, sizeof(cek));
	return buf ? unpad(buf, total, out_len, why) : NULL;
}
