/* make_credential.c - the credential a CA sends for TPM2_ActivateCredential, built with mbed TLS. */
#include "checks/tpm/make_credential.h"
#include <mbedtls/aes.h>
#include <mbedtls/md.h>
#include <mbedtls/rsa.h>
#include <string.h>

void kdfa_sha256(const uint8_t *key, size_t key_len, const char *label, const uint8_t *u, size_t u_len,
		 const uint8_t *v, size_t v_len, uint32_t bits, uint8_t *out)
{
	const mbedtls_md_info_t *sha256 = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
	uint8_t block[32], bits_be[4] = { (uint8_t)(bits >> 24), (uint8_t)(bits >> 16), (uint8_t)(bits >> 8), (uint8_t)bits };
	size_t want = bits / 8;
	for (uint32_t i = 1; want; i++) {
		uint8_t counter[4] = { (uint8_t)(i >> 24), (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i };
		mbedtls_md_context_t ctx;
		mbedtls_md_init(&ctx);
		mbedtls_md_setup(&ctx, sha256, 1);
		mbedtls_md_hmac_starts(&ctx, key, key_len);
		mbedtls_md_hmac_update(&ctx, counter, 4);
		mbedtls_md_hmac_update(&ctx, (const uint8_t *)label, strlen(label) + 1); /* the label's NUL is included */
		mbedtls_md_hmac_update(&ctx, u, u_len);
		mbedtls_md_hmac_update(&ctx, v, v_len);
		mbedtls_md_hmac_update(&ctx, bits_be, 4);
		mbedtls_md_hmac_finish(&ctx, block);
		mbedtls_md_free(&ctx);
		size_t n = want < sizeof(block) ? want : sizeof(block);
		memcpy(out, block, n);
		out += n;
		want -= n;
	}
}

static int rng_adapter(void *ctx, unsigned char *buf, size_t len)
{
	int (*random)(void *, size_t) = (int (*)(void *, size_t))ctx;
	return random(buf, len) == 0 ? 0 : -1;
}

/* RSA-OAEP with SHA-256 and the label "IDENTITY\0" (Part 1, B.10.4 and 24.4). */
static int encrypt_seed(const TPMT_PUBLIC *ek, const uint8_t *seed, size_t seed_len,
			int (*random)(void *buf, size_t len), TPM2B_ENCRYPTED_SECRET *secret)
{
	mbedtls_rsa_context rsa;
	mbedtls_rsa_init(&rsa);
	uint8_t e[3] = { 0x01, 0x00, 0x01 };
	uint32_t exp = ek->parameters.rsaDetail.exponent;
	if (exp)
		e[0] = (uint8_t)(exp >> 16), e[1] = (uint8_t)(exp >> 8), e[2] = (uint8_t)exp;
	int r = mbedtls_rsa_import_raw(&rsa, ek->unique.rsa.buffer, ek->unique.rsa.size, NULL, 0, NULL, 0, NULL, 0, e, 3);
	if (r == 0)
		r = mbedtls_rsa_complete(&rsa);
	if (r == 0)
		r = mbedtls_rsa_set_padding(&rsa, MBEDTLS_RSA_PKCS_V21, MBEDTLS_MD_SHA256);
	if (r == 0 && ek->unique.rsa.size <= sizeof(secret->secret))
		r = mbedtls_rsa_rsaes_oaep_encrypt(&rsa, rng_adapter, (void *)random, (const uint8_t *)"IDENTITY", 9, seed_len,
						   seed, secret->secret);
	secret->size = r == 0 ? ek->unique.rsa.size : 0;
	mbedtls_rsa_free(&rsa);
	return r == 0 ? 0 : -1;
}

int make_credential(const TPMT_PUBLIC *ek, const TPM2B_NAME *ak_name, const TPM2B_DIGEST *credential,
		    int (*random)(void *buf, size_t len), TPM2B_ID_OBJECT *blob, TPM2B_ENCRYPTED_SECRET *secret,
		    const char **why)
{
	uint8_t seed[32], sym_key[16], hmac_key[32], plain[2 + sizeof(credential->buffer)], iv[16] = { 0 };
	if (ek->type != TPM2_ALG_RSA || ek->nameAlg != TPM2_ALG_SHA256 ||
	    ek->parameters.rsaDetail.symmetric.algorithm != TPM2_ALG_AES || ek->parameters.rsaDetail.symmetric.keyBits.aes != 128) {
		*why = "the EK is not an RSA key with SHA-256 and AES-128 (the TCG default template)";
		return -1;
	}
	if (credential->size > 32 || random(seed, sizeof(seed)) != 0 ||
	    encrypt_seed(ek, seed, sizeof(seed), random, secret) != 0) {
		*why = "the seed could not be encrypted to the EK (RSA-OAEP)";
		return -1;
	}
	kdfa_sha256(seed, sizeof(seed), "STORAGE", ak_name->name, ak_name->size, NULL, 0, 128, sym_key);
	kdfa_sha256(seed, sizeof(seed), "INTEGRITY", NULL, 0, NULL, 0, 256, hmac_key);
	/* encIdentity = CFB(symKey, IV 0, TPM2B_DIGEST credential); outerHMAC = HMAC(hmacKey, encIdentity || name) */
	size_t plain_len = 2 + credential->size;
	plain[0] = (uint8_t)(credential->size >> 8);
	plain[1] = (uint8_t)credential->size;
	memcpy(plain + 2, credential->buffer, credential->size);
	uint8_t *enc = blob->credential + 2 + 32;
	mbedtls_aes_context aes;
	size_t iv_off = 0;
	mbedtls_aes_init(&aes);
	mbedtls_aes_setkey_enc(&aes, sym_key, 128);
	mbedtls_aes_crypt_cfb128(&aes, MBEDTLS_AES_ENCRYPT, plain_len, &iv_off, iv, plain, enc);
	mbedtls_aes_free(&aes);
	uint8_t hmac[32];
	mbedtls_md_context_t md;
	mbedtls_md_init(&md);
	mbedtls_md_setup(&md, mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), 1);
	mbedtls_md_hmac_starts(&md, hmac_key, sizeof(hmac_key));
	mbedtls_md_hmac_update(&md, enc, plain_len);
	mbedtls_md_hmac_update(&md, ak_name->name, ak_name->size);
	mbedtls_md_hmac_finish(&md, hmac);
	mbedtls_md_free(&md);
	blob->credential[0] = 0;
	blob->credential[1] = 32;
	memcpy(blob->credential + 2, hmac, 32);
	blob->size = (uint16_t)(2 + 32 + plain_len);
	return 0;
}
