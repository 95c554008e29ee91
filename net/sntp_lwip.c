/* sntp_lwip.c - sntp_client.h over lwIP's raw UDP API (NO_SYS), polling the network while it waits. */
#include "sntp_client.h"
#include "lwip_dns_wait.h"
#include "net_stack.h"
#include "boot/platform.h"
#include <lwip/pbuf.h>
#include <lwip/udp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct exchange {
	uint64_t cookie;
	bool answered, final, sent;
	struct sntp_answer answer;
	char why[160], code[FAILURE_CODE_MAX]; /* the last packet that was not a valid answer, or the server's refusal */
};

static void on_datagram(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *from, u16_t port)
{
	struct exchange *x = arg;
	uint8_t packet[SNTP_PACKET_LEN];
	u16_t n = pbuf_copy_partial(p, packet, sizeof(packet), 0);
	pbuf_free(p);
	if (x->answered)
		return;
	int a = sntp_answer_parse(packet, n, x->cookie, &x->answer, x->why, sizeof(x->why), x->code);
	if (a == 0)
		x->answered = true;
	else if (a == -2)
		x->final = true; /* the server's own answer: no point waiting for another */
}

static int resolve(const char *host, ip_addr_t *addr, uint64_t deadline, struct sntp_result *r)
{
	struct dns_wait *w = NULL;
	int rc = dns_wait_start(host, addr, &w);
	while (rc == 1) {
		net_stack_poll();
		rc = dns_wait_poll(&w, host, platform_ms() >= deadline, addr, r->error, sizeof(r->error), r->code);
	}
	if (rc < 0 && !r->error[0]) {
		snprintf(r->error, sizeof(r->error), "DNS: %s cannot be looked up (no DNS server known)", host);
		failure_code_set(r->code, "DNS-NO-SERVER");
	}
	return rc;
}

/* Why no answer was taken, in words and code. */
static void explain(const struct exchange *x, struct sntp_result *r)
{
	if (x->final) /* no random source, or the server's own refusal */
		snprintf(r->error, sizeof(r->error), "NTP: %s: %s", r->server, x->why);
	else if (!x->sent)
		snprintf(r->error, sizeof(r->error), "NTP: %s: the request could not be sent", r->server);
	else if (x->code[0])
		snprintf(r->error, sizeof(r->error), "NTP: %s: %s; no valid answer in time", r->server, x->why);
	else
		snprintf(r->error, sizeof(r->error), "NTP: %s: no answer in time", r->server);
	failure_code_set(r->code, x->final || x->code[0] ? x->code : x->sent ? "NTP-TIMEOUT" : "NTP-SEND-FAILED");
}

static int exchange(const ip_addr_t *addr, u16_t port, uint64_t deadline, struct sntp_result *r)
{
	struct exchange x = { 0 };
	struct udp_pcb *pcb = udp_new();
	struct pbuf *p = pbuf_alloc(PBUF_TRANSPORT, SNTP_PACKET_LEN, PBUF_RAM);
	bool random = platform_random(&x.cookie, sizeof(x.cookie)) == 0; /* a guessable cookie lets answers be forged */
	if (!random) {
		snprintf(x.why, sizeof(x.why), "no random source for the request's cookie; not asked");
		failure_code_set(x.code, "NTP-RANDOM-FAILED");
	}
	x.final = !random;
	if (pcb && p && random) {
		sntp_request(p->payload, x.cookie);
		udp_recv(pcb, on_datagram, &x);
		x.sent = udp_sendto(pcb, p, addr, port) == ERR_OK;
		while (x.sent && !x.answered && !x.final && platform_ms() < deadline)
			net_stack_poll();
	}
	if (p)
		pbuf_free(p);
	if (pcb)
		udp_remove(pcb);
	if (x.answered)
		r->answer = x.answer;
	else
		explain(&x, r);
	return x.answered ? 0 : -1;
}

int sntp_query(const char *server, unsigned timeout_ms, struct sntp_result *r)
{
	char host[256];
	const char *colon = strchr(server, ':');
	u16_t port = colon ? (u16_t)strtoul(colon + 1, NULL, 10) : SNTP_PORT;
	uint64_t start = platform_ms(), deadline = start + timeout_ms;
	ip_addr_t addr;
	memset(r, 0, sizeof(*r));
	snprintf(r->server, sizeof(r->server), "%s", server);
	snprintf(host, sizeof(host), "%.*s", colon ? (int)(colon - server) : (int)strlen(server), server);
	int rc = resolve(host, &addr, deadline, r);
	if (rc == 0)
		rc = exchange(&addr, port ? port : SNTP_PORT, deadline, r);
	r->round_trip_ms = (unsigned)(platform_ms() - start);
	return rc;
}
