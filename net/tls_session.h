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
#include <stddef.h>

struct tls_session {
	mbedtls_ssl_context ssl;
	mbedtls_ssl_config conf;
	mbedtls_entropy_context entropy;
	mbedtls_ctr_drbg_context drbg;
	char peer_issuer[160]; /* the server certificate's issuer, kept by the verify callback */
};

/* Sets up a client session for host trusting ca, over the given BIO callbacks (mbedtls_ssl_set_bio). */
int tls_session_setup(struct tls_session *s, const char *host, mbedtls_x509_crt *ca, void *bio, mbedtls_ssl_send_t *send,
		      mbedtls_ssl_recv_t *recv, char *err, size_t err_len);
/* One handshake step: 0 done, 1 wants more I/O, -1 failed with a sentence in err. */
int tls_session_handshake_step(struct tls_session *s, const char *host, char *err, size_t err_len);
/* Reads: >0 bytes, 0 end of stream, -1 error, -2 timeout (the BIO said MBEDTLS_ERR_SSL_TIMEOUT), -3 wants I/O. */
long tls_session_read(struct tls_session *s, unsigned char *buf, size_t len);
/* Writes some bytes: >0 written, -1 error, -2 timeout, -3 wants I/O. */
long tls_session_write(struct tls_session *s, const unsigned char *buf, size_t len);
void tls_session_free(struct tls_session *s);

#endif
