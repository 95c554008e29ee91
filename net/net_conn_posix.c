/*
 * net_conn_posix.c - TCP over BSD sockets and TLS over mbed TLS for the Linux
 * command. Every step has a deadline (poll; DNS by dns_posix.h); TLS is tls_session.h's, always
 * verified. Behind an HTTP proxy, HTTPS goes through a CONNECT tunnel and TLS
 * still runs end to end.
 */
#include "net_conn.h"
#include "dns_posix.h"
#include "proxy_tunnel.h"
#include "tls_session.h"
#include "boot/platform.h"
#include "tpmdrv/posix_io.h"
#include <errno.h>
#include <fcntl.h>
#include <mbedtls/net_sockets.h>
#include <netdb.h>
#include <poll.h>
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
	mbedtls_x509_crt ca;
	struct tls_session session;
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

/* The code for a connect() error (POSIX errno): refused, no route, no answer, or another failure. */
static const char *tcp_error_code(int error)
{
	if (error == ECONNREFUSED)
		return "TCP-REFUSED";
	if (error == ENETUNREACH || error == EHOSTUNREACH)
		return "TCP-UNREACHABLE";
	if (error == ETIMEDOUT)
		return "TCP-TIMEOUT";
	return "TCP-CONNECT-FAILED";
}

/* Connects to host:port (a connect-to mapping for the host applies), within the connect limit. */
static int tcp_connect(const char *host, uint16_t host_port, const struct http_options *o, struct http_result *t,
		       enum http_phase *phase, char *err, size_t err_len)
{
	struct addrinfo *list = NULL;
	char port[8];
	const struct connect_to *pin = NULL;
	for (int i = 0; i < o->connect_count && !pin; i++)
		if (strcasecmp(o->connect_to[i].host, host) == 0)
			pin = &o->connect_to[i];
	snprintf(port, sizeof(port), "%u", pin ? pin->port : host_port);
	uint64_t start = platform_ms();
	int g = dns_lookup(pin ? pin->addr : host, port, SOCK_STREAM, o->dns_ms, &list, err, err_len, t->code);
	t->dns_ms = (unsigned)(platform_ms() - start);
	if (g != 0) {
		*phase = HTTP_DNS;
		return -1;
	}
	int fd = -1, result = -2;
	bool tried = false;
	uint64_t deadline = platform_ms() + o->connect_ms;
	for (struct addrinfo *a = list; a && fd < 0; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
		if (fd < 0)
			continue;
		tried = true;
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
			failure_code_set(t->code, result == -2 && !err_code ? "TCP-TIMEOUT" : tcp_error_code(err_code));
		}
	}
	freeaddrinfo(list);
	if (!tried) {
		snprintf(err, err_len, "TCP: %s port %u: no socket could be made (%s)", host, host_port, strerror(errno));
		failure_code_set(t->code, "TCP-CONNECT-FAILED");
	}
	t->connect_ms = (unsigned)(platform_ms() - start) - t->dns_ms;
	if (fd < 0)
		*phase = HTTP_CONNECT;
	return fd;
}

/* Asks the proxy for a tunnel to the target (proxy_tunnel.h), reading its answer byte by byte so nothing of the
 * TLS that follows is consumed. */
static int proxy_connect(int fd, const struct url *u, const struct http_options *o, char *err, size_t err_len,
			 char *code)
{
	char request[URL_HOST_MAX * 2 + 400], head[HTTP_HEAD_MAX + 1];
	int n = proxy_tunnel_request(u, o, request, sizeof(request));
	uint64_t deadline = platform_ms() + o->connect_ms;
	if (n < 0 || posix_write_all(fd, request, (size_t)n, (int)o->connect_ms) != 0) {
		snprintf(err, err_len, "proxy %s: the CONNECT request could not be sent", o->proxy_host);
		failure_code_set(code, "PROXY-SEND-FAILED");
		return -1;
	}
	size_t have = 0;
	for (int r = 1; r == 1;) {
		if (have >= HTTP_HEAD_MAX) {
			snprintf(err, err_len, "proxy %s: the answer to CONNECT is too long", o->proxy_host);
			failure_code_set(code, "PROXY-BAD-ANSWER");
			return -1;
		}
		if (wait_fd(fd, POLLIN, deadline) != 0) {
			snprintf(err, err_len, "proxy %s: no answer to CONNECT in time", o->proxy_host);
			failure_code_set(code, "PROXY-TIMEOUT");
			return -1;
		}
		if (recv(fd, head + have, 1, 0) != 1) {
			snprintf(err, err_len, "proxy %s: the connection closed before an answer to CONNECT", o->proxy_host);
			failure_code_set(code, "PROXY-CLOSED");
			return -1;
		}
		have++;
		r = proxy_tunnel_answer(head, have, u, o, err, err_len, code);
		if (r < 0)
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

static int tls_start(struct net_conn *c, const struct url *u, const struct http_options *o, bool tls12_pkcs1, char *err,
		     size_t err_len, char *code)
{
	mbedtls_x509_crt_init(&c->ca);
	c->tls = true;
	if (tls_session_setup(&c->session, u->host, &c->ca, c, bio_send, bio_recv, tls12_pkcs1, err, err_len) != 0) {
		failure_code_set(code, "TLS-SETUP-FAILED");
		return -1;
	}
	if (mbedtls_x509_crt_parse_file(&c->ca, o->ca_file) < 0) {
		snprintf(err, err_len, "TLS: cannot read the CA bundle %s", o->ca_file);
		failure_code_set(code, "TLS-NO-CA-BUNDLE");
		return -1;
	}
	c->deadline = platform_ms() + o->tls_ms;
	int r;
	while ((r = tls_session_handshake_step(&c->session, u->host, err, err_len)) == 1)
		;
	if (r != 0)
		failure_code_set(code, tls_session_failure_code(&c->session));
	return r;
}

/* One attempt: TCP (through the proxy's tunnel when there is one), then TLS for https. NULL with *phase on failure;
 * *retry says whether TLS should be tried again as TLS 1.2 without RSA-PSS (tls_session.h). */
static struct net_conn *open_once(const struct url *u, const struct http_options *o, bool tls12_pkcs1,
				  struct http_result *t, enum http_phase *phase, bool *retry, char *err, size_t err_len)
{
	struct net_conn *c = calloc(1, sizeof(*c));
	*retry = false;
	if (!c) {
		*phase = HTTP_MEMORY;
		snprintf(err, err_len, "out of memory");
		failure_code_set(t->code, "NET-NO-MEMORY");
		return NULL;
	}
	bool proxied = o->proxy_host[0];
	c->fd = proxied ? tcp_connect(o->proxy_host, o->proxy_port, o, t, phase, err, err_len)
			: tcp_connect(u->host, u->port, o, t, phase, err, err_len);
	if (c->fd < 0) {
		free(c);
		return NULL;
	}
	if (proxied && u->https && proxy_connect(c->fd, u, o, err, err_len, t->code) != 0) {
		*phase = HTTP_CONNECT;
		net_conn_close(c);
		return NULL;
	}
	if (u->https) {
		uint64_t start = platform_ms();
		int r = tls_start(c, u, o, tls12_pkcs1, err, err_len, t->code);
		t->tls_ms += (unsigned)(platform_ms() - start);
		if (r != 0) {
			*phase = HTTP_TLS;
			*retry = tls_session_retry_as_tls12(&c->session);
			net_conn_close(c);
			return NULL;
		}
	}
	return c;
}

struct net_conn *net_conn_open(const struct url *u, const struct http_options *o, struct http_result *t,
			       enum http_phase *phase, char *err, size_t err_len)
{
	bool retry;
	t->tls_ms = 0;
	struct net_conn *c = open_once(u, o, false, t, phase, &retry, err, err_len);
	if (!c && retry)
		c = open_once(u, o, true, t, phase, &retry, err, err_len);
	if (c)
		t->code[0] = 0; /* an address or an attempt that failed before the one that worked is no failure */
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
	long r;
	while ((r = tls_session_read(&c->session, buf, len)) == -3)
		;
	return r;
}

int net_conn_write(struct net_conn *c, const uint8_t *buf, size_t len, uint64_t deadline)
{
	c->deadline = deadline;
	while (len) {
		long n;
		if (c->tls) {
			n = tls_session_write(&c->session, buf, len);
			if (n == -3)
				continue;
		} else {
			int w = wait_fd(c->fd, POLLOUT, deadline);
			if (w != 0)
				return w;
			n = send(c->fd, buf, len, MSG_NOSIGNAL);
		}
		if (n == -2)
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
		tls_session_free(&c->session);
		mbedtls_x509_crt_free(&c->ca);
	}
	if (c->fd >= 0)
		close(c->fd);
	free(c);
}
