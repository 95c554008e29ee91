/* tls_session.c - see tls_session.h. */
#include "tls_session.h"
#include <psa/crypto.h>
#include <stdio.h>

/* Records the server certificate's issuer; the verification itself stays mbed TLS's (flags untouched). */
static int remember_issuer(void *ctx, mbedtls_x509_crt *crt, int depth, uint32_t *flags)
{
	struct tls_session *s = ctx;
	(void)flags;
	if (depth == 0)
		mbedtls_x509_dn_gets(s->peer_issuer, sizeof(s->peer_issuer), &crt->issuer);
	return 0;
}

/* RFC 8446 4.2.3 code points, as mbed TLS lists them for both versions; PKCS#1 v1.5 and ECDSA only. */
static const uint16_t tls12_sig_algs[] = {
	MBEDTLS_TLS1_3_SIG_ECDSA_SECP256R1_SHA256, MBEDTLS_TLS1_3_SIG_ECDSA_SECP384R1_SHA384,
	MBEDTLS_TLS1_3_SIG_ECDSA_SECP521R1_SHA512, MBEDTLS_TLS1_3_SIG_RSA_PKCS1_SHA256,
	MBEDTLS_TLS1_3_SIG_RSA_PKCS1_SHA384, MBEDTLS_TLS1_3_SIG_RSA_PKCS1_SHA512, MBEDTLS_TLS1_3_SIG_NONE,
};

int tls_session_setup(struct tls_session *s, const char *host, mbedtls_x509_crt *ca, void *bio, mbedtls_ssl_send_t *send,
		      mbedtls_ssl_recv_t *recv, bool tls12_pkcs1, char *err, size_t err_len)
{
	mbedtls_ssl_init(&s->ssl);
	mbedtls_ssl_config_init(&s->conf);
	mbedtls_entropy_init(&s->entropy);
	mbedtls_ctr_drbg_init(&s->drbg);
	s->peer_issuer[0] = 0;
	s->last_error = 0;
	s->tls12_pkcs1 = tls12_pkcs1;
	psa_crypto_init(); /* TLS 1.3 in mbed TLS 3.6 runs on the PSA crypto API (its docs/architecture/psa-migration) */
	if (mbedtls_ctr_drbg_seed(&s->drbg, mbedtls_entropy_func, &s->entropy, NULL, 0) != 0 ||
	    mbedtls_ssl_config_defaults(&s->conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT) != 0) {
		snprintf(err, err_len, "TLS: cannot set up (no entropy source?)");
		return -1;
	}
	mbedtls_ssl_conf_authmode(&s->conf, MBEDTLS_SSL_VERIFY_REQUIRED); /* always verified */
	mbedtls_ssl_conf_ca_chain(&s->conf, ca, NULL);
	mbedtls_ssl_conf_verify(&s->conf, remember_issuer, s);
	mbedtls_ssl_conf_rng(&s->conf, mbedtls_ctr_drbg_random, &s->drbg);
	if (tls12_pkcs1) {
		mbedtls_ssl_conf_max_tls_version(&s->conf, MBEDTLS_SSL_VERSION_TLS1_2);
		mbedtls_ssl_conf_sig_algs(&s->conf, tls12_sig_algs);
	}
	if (mbedtls_ssl_setup(&s->ssl, &s->conf) != 0 || mbedtls_ssl_set_hostname(&s->ssl, host) != 0) {
		snprintf(err, err_len, "TLS: cannot set up the session");
		return -1;
	}
	mbedtls_ssl_set_bio(&s->ssl, bio, send, recv, NULL);
	return 0;
}

/* mbed TLS's verification flags (x509.h) in the order they are told, each with its words and code; the first that is
 * set explains the failure. */
static const struct {
	uint32_t flag;
	const char *what, *code;
} verify_reasons[] = {
	{ MBEDTLS_X509_BADCERT_CN_MISMATCH, "is for another host name", "TLS-VERIFY-HOSTNAME" },
	{ MBEDTLS_X509_BADCERT_EXPIRED, "has expired", "TLS-VERIFY-EXPIRED" },
	{ MBEDTLS_X509_BADCERT_FUTURE, "is not valid yet (check the clock)", "TLS-VERIFY-FUTURE" },
	{ MBEDTLS_X509_BADCERT_NOT_TRUSTED, "is issued by an untrusted CA (TLS inspection?)", "TLS-VERIFY-UNTRUSTED" },
};

static size_t verify_reason(uint32_t flags)
{
	size_t i = 0;
	while (i < sizeof(verify_reasons) / sizeof(verify_reasons[0]) && !(flags & verify_reasons[i].flag))
		i++;
	return i;
}

const char *tls_verify_failure_code(uint32_t flags)
{
	size_t i = verify_reason(flags);
	return i < sizeof(verify_reasons) / sizeof(verify_reasons[0]) ? verify_reasons[i].code : "TLS-VERIFY-FAILED";
}

/* Says why verification failed, naming the certificate's issuer: an unknown issuer usually means TLS inspection. */
static void explain_verify(struct tls_session *s, const char *host, char *err, size_t err_len)
{
	size_t i = verify_reason(mbedtls_ssl_get_verify_result(&s->ssl));
	const char *issuer = s->peer_issuer[0] ? s->peer_issuer : "unknown";
	const char *what = i < sizeof(verify_reasons) / sizeof(verify_reasons[0]) ? verify_reasons[i].what : "does not verify";
	snprintf(err, err_len, "TLS: the certificate of %s %s; issuer: %s", host, what, issuer);
}

int tls_session_handshake_step(struct tls_session *s, const char *host, char *err, size_t err_len)
{
	int r = mbedtls_ssl_handshake(&s->ssl);
	if (r == 0)
		return 0;
	if (r == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE)
		return 1;
	s->last_error = r;
	if (r == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED)
		explain_verify(s, host, err, err_len);
	else if (r == MBEDTLS_ERR_SSL_TIMEOUT)
		snprintf(err, err_len, "TLS: the handshake with %s did not finish in time", host);
	else if (r == MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE)
		snprintf(err, err_len, "TLS: %s ended the handshake with an alert (no common TLS version or cipher, or it "
			 "wants a client certificate)", host);
	else
		snprintf(err, err_len, "TLS: the handshake with %s failed (mbed TLS -0x%04x)", host, (unsigned)-r);
	return -1;
}

const char *tls_session_failure_code(const struct tls_session *s)
{
	if (s->last_error == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED)
		return tls_verify_failure_code(mbedtls_ssl_get_verify_result(&s->ssl));
	if (s->last_error == MBEDTLS_ERR_SSL_TIMEOUT)
		return "TLS-TIMEOUT";
	if (s->last_error == MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE)
		return "TLS-ALERT";
	return "TLS-HANDSHAKE-FAILED";
}

bool tls_session_retry_as_tls12(const struct tls_session *s)
{
	return s->last_error == MBEDTLS_ERR_SSL_ILLEGAL_PARAMETER &&
	       mbedtls_ssl_get_version_number(&s->ssl) == MBEDTLS_SSL_VERSION_TLS1_2 &&
	       !s->tls12_pkcs1;
}

long tls_session_read(struct tls_session *s, unsigned char *buf, size_t len)
{
	int r = mbedtls_ssl_read(&s->ssl, buf, len);
	if (r > 0 || (r == 0 && len == 0))
		return r;
	if (r == 0) /* mbed TLS's answer when the transport ended without close_notify (MBEDTLS_ERR_SSL_CONN_EOF) */
		return -4;
	if (r == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY)
		return 0;
	if (r == MBEDTLS_ERR_SSL_TIMEOUT)
		return -2;
	if (r == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE || r == MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET)
		return -3;
	return -1;
}

long tls_session_write(struct tls_session *s, const unsigned char *buf, size_t len)
{
	int r = mbedtls_ssl_write(&s->ssl, buf, len);
	if (r > 0)
		return r;
	if (r == MBEDTLS_ERR_SSL_TIMEOUT)
		return -2;
	if (r == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE)
		return -3;
	return -1;
}

void tls_session_free(struct tls_session *s)
{
	mbedtls_ssl_free(&s->ssl);
	mbedtls_ssl_config_free(&s->conf);
	mbedtls_ctr_drbg_free(&s->drbg);
	mbedtls_entropy_free(&s->entropy);
}
