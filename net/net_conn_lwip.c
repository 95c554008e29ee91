/*
 * net_conn_lwip.c - net_conn.h over lwIP's raw TCP API (NO_SYS) and TLS from
 * tls_session.h. A connection opens in phases - DNS, TCP, the proxy's
 * CONNECT tunnel, TLS - each with its own deadline from http_options; the
 * phases advance in net_conn_step() without blocking, and the blocking calls
 * of net_conn.h poll the network (net_stack_poll) while they wait.
 */
#include "net_conn_lwip.h"
#include "lwip_dns_wait.h"
#include "net_stack.h"
#include "proxy_tunnel.h"
#include "tls_session.h"
#include "boot/platform.h"
#include <mbedtls/net_sockets.h>
#include <lwip/dns.h>
#include <lwip/ip_addr.h>
#include <lwip/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum conn_state { ST_DNS, ST_TCP, ST_PROXY, ST_TLS, ST_OPEN, ST_FAILED };

struct net_conn {
	enum conn_state state;
	struct url target;
	const struct http_options *o;
	char peer[URL_HOST_MAX]; /* the host connected to: the target, its connect-to address or the proxy */
	uint16_t peer_port;
	uint64_t phase_start, deadline;
	struct dns_wait *dns;
	ip_addr_t addr;
	struct tcp_pcb *pcb;
	struct pbuf *rx;         /* received, not yet consumed */
	bool connected, remote_closed, tcp_failed;
	err_t tcp_error;
	char proxy_head[HTTP_HEAD_MAX + 1];
	size_t proxy_have;
	bool tls, tls12_pkcs1; /* tls12_pkcs1: the second attempt, as TLS 1.2 without RSA-PSS (tls_session.h) */
	struct tls_session session;
	enum http_phase failed;
	char err[240];
	char code[FAILURE_CODE_MAX];
	unsigned dns_ms, connect_ms, tls_ms;
};

/* --- trust anchors: parsed once from the bundle's text -------------------- */
static mbedtls_x509_crt trust;
static const char *trust_source;

static mbedtls_x509_crt *trust_anchors(const struct http_options *o)
{
	if (trust_source == o->ca_pem)
		return &trust;
	mbedtls_x509_crt_free(&trust);
	mbedtls_x509_crt_init(&trust);
	trust_source = o->ca_pem;
	/* mbed TLS parses PEM text including its terminating NUL; a bundle with some bad entries keeps the good ones */
	if (!o->ca_pem || mbedtls_x509_crt_parse(&trust, (const unsigned char *)o->ca_pem, o->ca_pem_len + 1) < 0 ||
	    !trust.raw.p) {
		trust_source = NULL;
		return NULL;
	}
	return &trust;
}

/* --- failing a phase ---------------------------------------------------------- */
static int fail(struct net_conn *c, enum http_phase phase, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail(struct net_conn *c, enum http_phase phase, const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->err, sizeof(c->err), fmt, ap);
	va_end(ap);
	unsigned spent = (unsigned)(platform_ms() - c->phase_start);
	if (c->state == ST_DNS)
		c->dns_ms = spent;
	else if (c->state == ST_TCP || c->state == ST_PROXY)
		c->connect_ms = spent;
	else if (c->state == ST_TLS)
		c->tls_ms = spent;
	c->failed = phase;
	if (code)
		failure_code_set(c->code, code);
	c->state = ST_FAILED;
	return -1;
}

static void enter(struct net_conn *c, enum conn_state s, unsigned limit_ms)
{
	c->state = s;
	c->phase_start = platform_ms();
	c->deadline = c->phase_start + limit_ms;
}

static bool past_deadline(const struct net_conn *c)
{
	return platform_ms() >= c->deadline;
}

/* --- TCP callbacks (lwIP raw API, doc/rawapi.txt) ----------------------------- */
static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct net_conn *c = arg;
	if (!p) {
		c->remote_closed = true;
		return ERR_OK;
	}
	/* err is always ERR_OK in lwIP 2.x (lwip/tcp.h tcp_recv_fn); the data is taken either way, as returning an
	 * error would leave the pbuf with lwIP for another delivery */
	if (c->rx)
		pbuf_cat(c->rx, p);
	else
		c->rx = p;
	return ERR_OK; /* the window reopens as the bytes are consumed (tcp_recved), which bounds what queues here */
}

static void on_error(void *arg, err_t err)
{
	struct net_conn *c = arg;
	c->pcb = NULL; /* lwIP has freed it already */
	c->tcp_failed = true;
	c->tcp_error = err;
}

static err_t on_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct net_conn *c = arg;
	c->connected = true;
	return ERR_OK;
}

/* Takes up to len received bytes off the queue. */
static size_t take(struct net_conn *c, uint8_t *buf, size_t len)
{
	if (!c->rx)
		return 0;
	u16_t n = (u16_t)(len < c->rx->tot_len ? len : c->rx->tot_len);
	pbuf_copy_partial(c->rx, buf, n, 0);
	c->rx = pbuf_free_header(c->rx, n);
	if (c->pcb)
		tcp_recved(c->pcb, n);
	return n;
}

/* Queues as much of buf as the send buffer takes; returns the count, or -1 when the connection is gone. */
static long give(struct net_conn *c, const uint8_t *buf, size_t len)
{
	if (!c->pcb || c->tcp_failed)
		return -1;
	size_t room = tcp_sndbuf(c->pcb);
	size_t n = len < room ? len : room;
	if (n > 0xffff)
		n = 0xffff;
	if (n == 0)
		return 0;
	if (tcp_write(c->pcb, buf, (u16_t)n, TCP_WRITE_FLAG_COPY) != ERR_OK)
		return 0; /* out of segments for now: try again after the next poll */
	tcp_output(c->pcb);
	return (long)n;
}

/* --- DNS ---------------------------------------------------------------------- */
static int start_tcp(struct net_conn *c);

/* The name to resolve: the proxy, or the target (or the address a connect-to mapping gives for it). */
static void choose_peer(struct net_conn *c)
{
	const struct http_options *o = c->o;
	const char *host = o->proxy_host[0] ? o->proxy_host : c->target.host;
	uint16_t port = o->proxy_host[0] ? o->proxy_port : c->target.port;
	for (int i = 0; i < o->connect_count; i++)
		if (strcasecmp(o->connect_to[i].host, host) == 0) {
			host = o->connect_to[i].addr;
			port = o->connect_to[i].port;
			break;
		}
	snprintf(c->peer, sizeof(c->peer), "%s", host);
	c->peer_port = port;
}

static int start_dns(struct net_conn *c)
{
	choose_peer(c);
	enter(c, ST_DNS, c->o->dns_ms);
	int r = dns_wait_start(c->peer, &c->addr, &c->dns);
	if (r == 0)
		return start_tcp(c);
	if (r < 0)
		return fail(c, HTTP_DNS, "DNS-NO-SERVER", "DNS: %s cannot be looked up (no DNS server known)", c->peer);
	return 1;
}

static int step_dns(struct net_conn *c)
{
	char why[160];
	int r = dns_wait_poll(&c->dns, c->peer, past_deadline(c), &c->addr, why, sizeof(why), c->code);
	if (r == 1)
		return 1;
	if (r < 0)
		return fail(c, HTTP_DNS, NULL, "%s", why); /* the code is dns_wait_poll's */
	c->dns_ms = (unsigned)(platform_ms() - c->phase_start);
	return start_tcp(c);
}

/* Words for the errors lwIP's tcp_err callback reports (lwip/err.h). */
static const char *tcp_error_text(err_t e)
{
	switch (e) {
	case ERR_RST: return "connection refused or reset";
	case ERR_ABRT: return "connection aborted";
	case ERR_CLSD: return "connection closed";
	case ERR_MEM: return "out of memory";
	case ERR_TIMEOUT: return "timed out";
	default: return "connection failed";
	}
}

/* Their codes while connecting: a reset is the answer to the SYN, the peer's refusal (RFC 9293 3.10.7.3). */
static const char *tcp_error_code(err_t e)
{
	switch (e) {
	case ERR_RST: return "TCP-REFUSED";
	case ERR_TIMEOUT: return "TCP-TIMEOUT";
	case ERR_MEM: return "NET-NO-MEMORY";
	default: return "TCP-CONNECT-FAILED";
	}
}

/* --- TCP ---------------------------------------------------------------------- */
static int start_tcp(struct net_conn *c)
{
	enter(c, ST_TCP, c->o->connect_ms);
	c->pcb = tcp_new_ip_type(IPADDR_TYPE_V4);
	if (!c->pcb)
		return fail(c, HTTP_MEMORY, "TCP-NO-SLOT", "TCP: no connection slot free");
	tcp_arg(c->pcb, c);
	tcp_recv(c->pcb, on_recv);
	tcp_err(c->pcb, on_error);
	if (tcp_connect(c->pcb, &c->addr, c->peer_port, on_connected) != ERR_OK)
		return fail(c, HTTP_CONNECT, "TCP-UNREACHABLE", "TCP: %s port %u: no route", c->peer, c->peer_port);
	return 1;
}

static int start_after_tcp(struct net_conn *c);

static int step_tcp(struct net_conn *c)
{
	if (c->connected) {
		c->connect_ms = (unsigned)(platform_ms() - c->phase_start);
		return start_after_tcp(c);
	}
	if (c->tcp_failed)
		return fail(c, HTTP_CONNECT, tcp_error_code(c->tcp_error), "TCP: %s port %u: %s", c->peer, c->peer_port,
			    c->tcp_error == ERR_RST ? "connection refused" : tcp_error_text(c->tcp_error));
	if (past_deadline(c))
		return fail(c, HTTP_CONNECT, "TCP-TIMEOUT", "TCP: %s port %u: no answer to the connection attempt in time",
			    c->peer, c->peer_port);
	return 1;
}

/* --- the proxy's tunnel (proxy_tunnel.h) ----------------------------------- */
static int start_tls(struct net_conn *c);

static int start_proxy(struct net_conn *c)
{
	char request[URL_HOST_MAX * 2 + 400];
	enter(c, ST_PROXY, c->o->connect_ms);
	int n = proxy_tunnel_request(&c->target, c->o, request, sizeof(request));
	if (n < 0 || give(c, (const uint8_t *)request, (size_t)n) != n)
		return fail(c, HTTP_CONNECT, "PROXY-SEND-FAILED", "proxy %s: the CONNECT request could not be sent",
			    c->o->proxy_host);
	return 1;
}

/* The answer is taken byte by byte: nothing after its head may be consumed, TLS follows. */
static int step_proxy(struct net_conn *c)
{
	while (c->rx) {
		take(c, (uint8_t *)c->proxy_head + c->proxy_have, 1);
		c->proxy_have++;
		char why[sizeof(c->err)];
		int r = proxy_tunnel_answer(c->proxy_head, c->proxy_have, &c->target, c->o, why, sizeof(why), c->code);
		if (r < 0)
			return fail(c, HTTP_CONNECT, NULL, "%s", why); /* the code is proxy_tunnel_answer's */
		if (r == 0)
			return start_tls(c);
	}
	if (c->tcp_failed || c->remote_closed)
		return fail(c, HTTP_CONNECT, "PROXY-CLOSED", "proxy %s: the connection closed before an answer to CONNECT",
			    c->o->proxy_host);
	if (past_deadline(c))
		return fail(c, HTTP_CONNECT, "PROXY-TIMEOUT", "proxy %s: no answer to CONNECT in time", c->o->proxy_host);
	return 1;
}

static int start_after_tcp(struct net_conn *c)
{
	if (c->o->proxy_host[0] && c->target.https)
		return start_proxy(c);
	return start_tls(c);
}

/* --- TLS over the TCP queue, never blocking ------------------------------------- */
static int bio_send(void *ctx, const unsigned char *buf, size_t len)
{
	long n = give(ctx, buf, len);
	return n < 0 ? MBEDTLS_ERR_NET_SEND_FAILED : n == 0 ? MBEDTLS_ERR_SSL_WANT_WRITE : (int)n;
}

static int bio_recv(void *ctx, unsigned char *buf, size_t len)
{
	struct net_conn *c = ctx;
	if (c->rx)
		return (int)take(c, buf, len);
	if (c->remote_closed)
		return 0;
	return c->tcp_failed ? MBEDTLS_ERR_NET_RECV_FAILED : MBEDTLS_ERR_SSL_WANT_READ;
}

static int start_tls(struct net_conn *c)
{
	if (!c->target.https) {
		c->state = ST_OPEN;
		return 0;
	}
	enter(c, ST_TLS, c->o->tls_ms);
	c->tls = true;
	mbedtls_x509_crt *anchors = trust_anchors(c->o);
	char why[sizeof(c->err)];
	if (tls_session_setup(&c->session, c->target.host, anchors, c, bio_send, bio_recv, c->tls12_pkcs1, why,
			      sizeof(why)) != 0)
		return fail(c, HTTP_TLS, "TLS-SETUP-FAILED", "%s", why);
	if (!anchors)
		return fail(c, HTTP_TLS, "TLS-NO-CA-BUNDLE", "TLS: the CA bundle on the stick (%s) is missing or holds no "
			    "usable certificate", c->o->ca_file);
	return 1;
}

static void drop_tcp(struct net_conn *c);

/* The server chose TLS 1.2 with RSA-PSS: a new TCP connection, this time offering TLS 1.2 without PSS. */
static int retry_as_tls12(struct net_conn *c)
{
	tls_session_free(&c->session);
	c->tls = false;
	c->tls12_pkcs1 = true;
	drop_tcp(c);
	c->connected = c->remote_closed = c->tcp_failed = false;
	c->proxy_have = 0;
	return start_tcp(c);
}

static int step_tls(struct net_conn *c)
{
	char why[sizeof(c->err)];
	int r = tls_session_handshake_step(&c->session, c->target.host, why, sizeof(why));
	if (r == 1 && past_deadline(c))
		return fail(c, HTTP_TLS, "TLS-TIMEOUT", "TLS: the handshake with %s did not finish in time", c->target.host);
	if (r < 0 && tls_session_retry_as_tls12(&c->session))
		return retry_as_tls12(c);
	if (r < 0)
		return fail(c, HTTP_TLS, tls_session_failure_code(&c->session), "%s", why);
	if (r == 0) {
		c->tls_ms = (unsigned)(platform_ms() - c->phase_start);
		c->state = ST_OPEN;
	}
	return r;
}

/* --- the connection ------------------------------------------------------------- */
struct net_conn *net_conn_start(const struct url *u, const struct http_options *o)
{
	struct net_conn *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->target = *u;
	c->o = o;
	start_dns(c);
	return c;
}

int net_conn_step(struct net_conn *c)
{
	switch (c->state) {
	case ST_DNS: return step_dns(c);
	case ST_TCP: return step_tcp(c);
	case ST_PROXY: return step_proxy(c);
	case ST_TLS: return step_tls(c);
	case ST_OPEN: return 0;
	default: return -1;
	}
}

enum http_phase net_conn_outcome(const struct net_conn *c, struct http_result *t, char *err, size_t err_len)
{
	t->dns_ms = c->dns_ms;
	t->connect_ms = c->connect_ms;
	t->tls_ms = c->tls_ms;
	if (c->state != ST_FAILED)
		return HTTP_OK;
	snprintf(err, err_len, "%s", c->err);
	failure_code_set(t->code, c->code);
	return c->failed;
}

struct net_conn *net_conn_open(const struct url *u, const struct http_options *o, struct http_result *t,
			       enum http_phase *phase, char *err, size_t err_len)
{
	struct net_conn *c = net_conn_start(u, o);
	if (!c) {
		*phase = HTTP_MEMORY;
		snprintf(err, err_len, "out of memory");
		failure_code_set(t->code, "NET-NO-MEMORY");
		return NULL;
	}
	while (net_conn_step(c) == 1)
		net_stack_poll();
	*phase = net_conn_outcome(c, t, err, err_len);
	if (*phase == HTTP_OK)
		return c;
	net_conn_close(c);
	return NULL;
}

long net_conn_read(struct net_conn *c, uint8_t *buf, size_t len, uint64_t deadline)
{
	for (;;) {
		if (c->tls) {
			long r = tls_session_read(&c->session, buf, len);
			if (r != -3)
				return r;
		} else if (c->rx) {
			return (long)take(c, buf, len);
		} else if (c->remote_closed) {
			return 0;
		} else if (c->tcp_failed) {
			return -1;
		}
		if (platform_ms() >= deadline)
			return -2;
		net_stack_poll();
	}
}

int net_conn_write(struct net_conn *c, const uint8_t *buf, size_t len, uint64_t deadline)
{
	while (len) {
		long n = c->tls ? tls_session_write(&c->session, buf, len) : give(c, buf, len);
		if (n == -1)
			return -1;
		if (n > 0) {
			buf += n;
			len -= (size_t)n;
			continue;
		}
		if (platform_ms() >= deadline)
			return -2;
		net_stack_poll();
	}
	return 0;
}

/* Closes the TCP connection (callbacks first detached, so lwIP never calls into a freed connection). */
static void drop_tcp(struct net_conn *c)
{
	if (c->pcb) {
		tcp_arg(c->pcb, NULL);
		tcp_recv(c->pcb, NULL);
		tcp_err(c->pcb, NULL);
		if (tcp_close(c->pcb) != ERR_OK)
			tcp_abort(c->pcb);
		c->pcb = NULL;
	}
	if (c->rx)
		pbuf_free(c->rx);
	c->rx = NULL;
}

void net_conn_close(struct net_conn *c)
{
	if (!c)
		return;
	if (c->tls)
		tls_session_free(&c->session);
	dns_wait_abandon(&c->dns);
	drop_tcp(c);
	free(c);
}
