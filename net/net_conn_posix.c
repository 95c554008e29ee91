/*
 * net_conn_posix.c - TCP over BSD sockets and TLS over mbed TLS for the Linux
 * command. Every step has a deadline (poll), the server certificate is always
 * verified against the CA bundle and the host name (mbedtls_ssl_set_hostname,
 * required since mbed TLS 3.6.3), and a verification failure names the
 * issuer so TLS interception shows up as such. Behind an HTTP proxy, HTTPS
 * goes through a CONNECT tunnel and TLS still runs end to end.
 */
#include "net_conn.h"
#include "boot/platform.h"
#include "tpmdrv/posix_io.h"
#include <errno.h>
#include <fcntl.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include <netdb.h>
#include <poll.h>
#include <psa/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <strings.h>
#include <unistd.h>

struct net_conn {
	int fd;
	bool tls;
	uint64_t deadline; /* for the BIO callbacks */
	mbedtls_ssl_context ssl;
	mbedtls_ssl_config conf;
	mbedtls_x509_crt ca;
	mbedtls_entropy_context entropy;
	mbedtls_ctr_drbg_context drbg;
	char peer_issuer[160]; /* the server certificate's issuer, kept by the verify callback */
};

static int wait_fd(int fd, short events, uint64_t deadline)
{
	for (;;) {
		uint64_t now = platform_ms();
		if (now >= deadline)
			return -2;
		struct pollfd p = { .fd = fd, .events = events };
		int r = poll(&p, 1, (int)(deadline - now));
		if (r > 0)
			return 0;
		if (r == 0)
			return -2;
		if (errno != EINTR)
			return -1;
	}
}

/* Connects to host:port (a connect-to mapping for the host applies), within the connect limit. */
static int tcp_connect(const char *host, uint16_t host_port, const struct http_options *o, struct http_result *t,
		       enum http_phase *phase, char *err, size_t err_len)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *list = NULL;
	char port[8];
	const struct connect_to *pin = NULL;
	for (int i = 0; i < o->connect_count && !pin; i++)
		if (strcasecmp(o->connect_to[i].host, host) == 0)
			pin = &o->connect_to[i];
	snprintf(port, sizeof(port), "%u", pin ? pin->port : host_port);
	uint64_t start = platform_ms();
	int g = getaddrinfo(pin ? pin->addr : host, port, &hints, &list); /* bounded by the resolver's timeouts */
	t->dns_ms = (unsigned)(platform_ms() - start);
	if (g != 0) {
		*phase = HTTP_DNS;
		snprintf(err, err_len, "DNS: %s cannot be resolved (%s)", host, gai_strerror(g));
		return -1;
	}
	int fd = -1, result = -2;
	uint64_t deadline = platform_ms() + o->connect_ms;
	for (struct addrinfo *a = list; a && fd < 0; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
		if (fd < 0)
			continue;
		int err_code = 0;
		socklen_t len = sizeof(err_code);
		if (connect(fd, a->ai_addr, a->ai_addrlen) != 0 && errno != EINPROGRESS)
			err_code = errno;
		else if ((result = wait_fd(fd, POLLOUT, deadline)) == 0)
			getsockopt(fd, SOL_SOCKET, SO_ERROR, &err_code, &len);
		if (err_code || result == -2) {
			close(fd);
			fd = -1;
			snprintf(err, err_len, "TCP: %s port %u: %s", host, host_port, result == -2 && !err_code
				 ? "no answer to the connection attempt in time" : strerror(err_code));
		}
	}
	freeaddrinfo(list);
	t->connect_ms = (unsigned)(platform_ms() - start) - t->dns_ms;
	if (fd < 0)
		*phase = HTTP_CONNECT;
	return fd;
}

/* RFC 9110 9.3.6: ask the proxy for a tunnel to the target; only a 2xx answer opens it. */
static int proxy_connect(int fd, const struct url *u, const struct http_options *o, char *err, size_t err_len)
{
	char request[URL_HOST_MAX * 2 + 400], head[HTTP_HEAD_MAX + 1];
	int n = snprintf(request, sizeof(request), "CONNECT %s:%u HTTP/1.1\r\nHost: %s:%u\r\n%s\r\n", u->host, u->port,
			 u->host, u->port, o->proxy_auth_header);
	uint64_t deadline = platform_ms() + o->connect_ms;
	if (posix_write_all(fd, request, (size_t)n, (int)o->connect_ms) != 0) {
		snprintf(err, err_len, "proxy %s: the CONNECT request could not be sent", o->proxy_host);
		return -1;
	}
	size_t have = 0;
	struct http_head h;
	const char *why = NULL;
	for (int r = 0; r == 0;) { /* read byte by byte: nothing after the head may be consumed, TLS follows */
		if (have >= HTTP_HEAD_MAX || wait_fd(fd, POLLIN, deadline) != 0 || recv(fd, head + have, 1, 0) != 1) {
			snprintf(err, err_len, "proxy %s: no answer to CONNECT in time", o->proxy_host);
			return -1;
		}
		have++;
		if ((r = http_parse_head(head, have, &h, &why)) < 0) {
			snprintf(err, err_len, "proxy %s: malformed answer to CONNECT: %s", o->proxy_host, why);
			return -1;
		}
	}
	if (h.status / 100 != 2) {
		snprintf(err, err_len, "proxy %s refused the tunnel to %s: HTTP %d %s%s", o->proxy_host, u->host, h.status,
			 h.reason, h.status == 407 ? " (proxy credentials needed or wrong)" : "");
		return -1;
	}
	return 0;
}

static int bio_send(void *ctx, const unsigned char *buf, size_t len)
{
	struct net_conn *c = ctx;
	if (wait_fd(c->fd, POLLOUT, c->deadline) != 0)
		return MBEDTLS_ERR_SSL_TIMEOUT;
	ssize_t n = send(c->fd, buf, len, MSG_NOSIGNAL);
	return n >= 0 ? (int)n : errno == EAGAIN ? MBEDTLS_ERR_SSL_WANT_WRITE : MBEDTLS_ERR_NET_SEND_FAILED;
}

static int bio_recv(void *ctx, unsigned char *buf, size_t len)
{
	struct net_conn *c = ctx;
	if (wait_fd(c->fd, POLLIN, c->deadline) != 0)
		return MBEDTLS_ERR_SSL_TIMEOUT;
	ssize_t n = recv(c->fd, buf, len, 0);
	return n >= 0 ? (int)n : errno == EAGAIN ? MBEDTLS_ERR_SSL_WANT_READ : MBEDTLS_ERR_NET_RECV_FAILED;
}

/* Records the server certificate's issuer; the verification itself stays mbed TLS's (flags untouched). */
static int remember_issuer(void *ctx, mbedtls_x509_crt *crt, int depth, uint32_t *flags)
{
	struct net_conn *c = ctx;
	(void)flags;
	if (depth == 0)
		mbedtls_x509_dn_gets(c->peer_issuer, sizeof(c->peer_issuer), &crt->issuer);
	return 0;
}

/* Says why verification failed, naming the certificate's issuer: an unknown issuer usually means TLS inspection. */
static void explain_verify(struct net_conn *c, const char *host, char *err, size_t err_len)
{
	uint32_t flags = mbedtls_ssl_get_verify_result(&c->ssl);
	const char *issuer = c->peer_issuer[0] ? c->peer_issuer : "unknown";
	const char *what = flags & MBEDTLS_X509_BADCERT_CN_MISMATCH ? "is for another host name"
			   : flags & MBEDTLS_X509_BADCERT_EXPIRED ? "has expired"
			   : flags & MBEDTLS_X509_BADCERT_FUTURE ? "is not valid yet (check the clock)"
			   : flags & MBEDTLS_X509_BADCERT_NOT_TRUSTED ? "is issued by an untrusted CA (TLS inspection?)"
			   : "does not verify";
	snprintf(err, err_len, "TLS: the certificate of %s %s; issuer: %s", host, what, issuer);
}

static int tls_start(struct net_conn *c, const struct url *u, const struct http_options *o, char *err, size_t err_len)
{
	mbedtls_ssl_init(&c->ssl);
	mbedtls_ssl_config_init(&c->conf);
	mbedtls_x509_crt_init(&c->ca);
	mbedtls_entropy_init(&c->entropy);
	mbedtls_ctr_drbg_init(&c->drbg);
	c->tls = true;
	psa_crypto_init(); /* TLS 1.3 needs PSA (PLATFORM.md) */
	if (mbedtls_x509_crt_parse_file(&c->ca, o->ca_file) < 0) {
		snprintf(err, err_len, "TLS: cannot read the CA bundle %s", o->ca_file);
		return -1;
	}
	if (mbedtls_ctr_drbg_seed(&c->drbg, mbedtls_entropy_func, &c->entropy, NULL, 0) != 0 ||
	    mbedtls_ssl_config_defaults(&c->conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT) != 0) {
		snprintf(err, err_len, "TLS: cannot set up");
		return -1;
	}
	mbedtls_ssl_conf_authmode(&c->conf, MBEDTLS_SSL_VERIFY_REQUIRED); /* always verified */
	mbedtls_ssl_conf_ca_chain(&c->conf, &c->ca, NULL);
	mbedtls_ssl_conf_verify(&c->conf, remember_issuer, c);
	mbedtls_ssl_conf_rng(&c->conf, mbedtls_ctr_drbg_random, &c->drbg);
	if (mbedtls_ssl_setup(&c->ssl, &c->conf) != 0 || mbedtls_ssl_set_hostname(&c->ssl, u->host) != 0) {
		snprintf(err, err_len, "TLS: cannot set up the session");
		return -1;
	}
	mbedtls_ssl_set_bio(&c->ssl, c, bio_send, bio_recv, NULL);
	c->deadline = platform_ms() + o->tls_ms;
	int r;
	while ((r = mbedtls_ssl_handshake(&c->ssl)) == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE)
		;
	if (r == 0)
		return 0;
	if (r == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED)
		explain_verify(c, u->host, err, err_len);
	else if (r == MBEDTLS_ERR_SSL_TIMEOUT)
		snprintf(err, err_len, "TLS: the handshake with %s did not finish in time", u->host);
	else
		snprintf(err, err_len, "TLS: the handshake with %s failed (mbed TLS -0x%04x)", u->host, (unsigned)-r);
	return -1;
}

struct net_conn *net_conn_open(const struct url *u, const struct http_options *o, struct http_result *t,
			       enum http_phase *phase, char *err, size_t err_len)
{
	struct net_conn *c = calloc(1, sizeof(*c));
	if (!c) {
		*phase = HTTP_MEMORY;
		return NULL;
	}
	bool proxied = o->proxy_host[0];
	c->fd = proxied ? tcp_connect(o->proxy_host, o->proxy_port, o, t, phase, err, err_len)
			: tcp_connect(u->host, u->port, o, t, phase, err, err_len);
	if (c->fd < 0) {
		free(c);
		return NULL;
	}
	if (proxied && u->https && proxy_connect(c->fd, u, o, err, err_len) != 0) {
		*phase = HTTP_CONNECT;
		net_conn_close(c);
		return NULL;
	}
	if (u->https) {
		uint64_t start = platform_ms();
		int r = tls_start(c, u, o, err, err_len);
		t->tls_ms = (unsigned)(platform_ms() - start);
		if (r != 0) {
			*phase = HTTP_TLS;
			net_conn_close(c);
			return NULL;
		}
	}
	return c;
}

long net_conn_read(struct net_conn *c, uint8_t *buf, size_t len, uint64_t deadline)
{
	c->deadline = deadline;
	if (!c->tls) {
		int w = wait_fd(c->fd, POLLIN, deadline);
		if (w != 0)
			return w;
		ssize_t n = recv(c->fd, buf, len, 0);
		return n >= 0 ? (long)n : -1;
	}
	for (;;) {
		int r = mbedtls_ssl_read(&c->ssl, buf, len);
		if (r >= 0)
			return r;
		if (r == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY)
			return 0;
		if (r == MBEDTLS_ERR_SSL_TIMEOUT)
			return -2;
		if (r != MBEDTLS_ERR_SSL_WANT_READ && r != MBEDTLS_ERR_SSL_WANT_WRITE &&
		    r != MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET)
			return -1;
	}
}

int net_conn_write(struct net_conn *c, const uint8_t *buf, size_t len, uint64_t deadline)
{
	c->deadline = deadline;
	while (len) {
		long n;
		if (c->tls) {
			n = mbedtls_ssl_write(&c->ssl, buf, len);
			if (n == MBEDTLS_ERR_SSL_WANT_READ || n == MBEDTLS_ERR_SSL_WANT_WRITE)
				continue;
		} else {
			int w = wait_fd(c->fd, POLLOUT, deadline);
			if (w != 0)
				return w;
			n = send(c->fd, buf, len, MSG_NOSIGNAL);
		}
		if (n == MBEDTLS_ERR_SSL_TIMEOUT)
			return -2;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

void net_conn_close(struct net_conn *c)
{
	if (!c)
		return;
	if (c->tls) {
		mbedtls_ssl_free(&c->ssl);
		mbedtls_ssl_config_free(&c->conf);
		mbedtls_x509_crt_free(&c->ca);
		mbedtls_ctr_drbg_free(&c->drbg);
		mbedtls_entropy_free(&c->entropy);
	}
	if (c->fd >= 0)
		close(c->fd);
	free(c);
}
