/*
 * tls_session.h - a verified TLS client session over any byte stream (mbed
 * TLS), shared by the socket and the lwIP connections. The server
 * certificate is always verified against the trust anchors and the host
 * name (mbedtls_ssl_set_hostname, required since mbed TLS 3.6.3); a failure
 * names the certificate's issuer, so TLS interception shows up as such.
 */
#ifndef PREFLIGHT_TLS_SESSION_H
#define PREFLIGHT_TLS_SESSION_H
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tls_session {
	mbedtls_ssl_context ssl;
	mbedtls_ssl_config conf;
	mbedtls_entropy_context entropy;
	mbedtls_ctr_drbg_context drbg;
	char peer_issuer[160]; /* the server certificate's issuer, kept by the verify callback */
	int last_error;        /* the handshake's mbed TLS error, 0 when none */
	bool tls12_pkcs1;      /* set up for the retry (tls_session_retry_as_tls12) */
};

/* Sets up a client session for host trusting ca, over the given BIO callbacks (mbedtls_ssl_set_bio). tls12_pkcs1:
 * TLS 1.2 only, without RSA-PSS signatures (the retry below). */
int tls_session_setup(struct tls_session *s, const char *host, mbedtls_x509_crt *ca, void *bio, mbedtls_ssl_send_t *send,
		      mbedtls_ssl_recv_t *recv, bool tls12_pkcs1, char *err, size_t err_len);
/* True when a failed handshake should be tried again, on a new connection, with tls12_pkcs1: the server chose
 * TLS 1.2 and signed with RSA-PSS, which mbed TLS 3.6 offers (TLS 1.3 needs it) but cannot verify in TLS 1.2
 * (library/ssl_misc.h, mbedtls_ssl_tls12_sig_alg_is_supported), so it stopped with ILLEGAL_PARAMETER. */
bool tls_session_retry_as_tls12(const struct tls_session *s);
/* One handshake step: 0 done, 1 wants more I/O, -1 failed with a sentence in err. */
int tls_session_handshake_step(struct tls_session *s, const char *host, char *err, size_t err_len);
/* The code of the handshake's failure (failure_code.h): TLS-VERIFY-* by the verification flags, TLS-TIMEOUT,
 * TLS-ALERT, or TLS-HANDSHAKE-FAILED. */
const char *tls_session_failure_code(const struct tls_session *s);
/* The code for a certificate that failed verification with these mbed TLS flags (MBEDTLS_X509_BADCERT_*). */
const char *tls_verify_failure_code(uint32_t flags);
/* Reads: >0 bytes, 0 end of stream (close_notify), -1 error, -2 timeout (the BIO said MBEDTLS_ERR_SSL_TIMEOUT),
 * -3 wants I/O, -4 the connection ended without close_notify: what came may be cut short (RFC 8446 6.1). */
long tls_session_read(struct tls_session *s, unsigned char *buf, size_t len);
/* Writes some bytes: >0 written, -1 error, -2 timeout, -3 wants I/O. */
long tls_session_write(struct tls_session *s, const unsigned char *buf, size_t len);
void tls_session_free(struct tls_session *s);

#endif
