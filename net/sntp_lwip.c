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
	bool answered, final;
	struct sntp_answer answer;
	char why[160];
};

static void on_datagram(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *from, u16_t port)
{
	struct exchange *x = arg;
	uint8_t packet[SNTP_PACKET_LEN];
	u16_t n = pbuf_copy_partial(p, packet, sizeof(packet), 0);
	pbuf_free(p);
	if (x->answered)
		return;
	if (sntp_answer_parse(packet, n, x->cookie, &x->answer, x->why, sizeof(x->why)) == 0)
		x->answered = true;
	else if (strstr(x->why, "refused") || strstr(x->why, "synchronised"))
		x->final = true; /* the server's own answer: no point waiting for another */
}

static int resolve(const char *host, ip_addr_t *addr, uint64_t deadline, struct sntp_result *r)
{
	struct dns_wait *w = NULL;
	int rc = dns_wait_start(host, addr, &w);
	while (rc == 1) {
		net_stack_poll();
		rc = dns_wait_poll(&w, host, platform_ms() >= deadline, addr, r->error, sizeof(r->error));
	}
	if (rc < 0 && !r->error[0])
		snprintf(r->error, sizeof(r->error), "DNS: %s cannot be looked up (no DNS server known)", host);
	return rc;
}

static int exchange(const ip_addr_t *addr, u16_t port, uint64_t deadline, struct sntp_result *r)
{
	struct exchange x = { 0 };
	struct udp_pcb *pcb = udp_new();
	struct pbuf *p = pbuf_alloc(PBUF_TRANSPORT, SNTP_PACKET_LEN, PBUF_RAM);
	int rc = -1;
	bool random = platform_random(&x.cookie, sizeof(x.cookie)) == 0; /* a guessable cookie lets answers be forged */
	if (!random)
		snprintf(x.why, sizeof(x.why), "no random source for the request's cookie; not asked");
	x.final = !random;
	if (pcb && p && random) {
		sntp_request(p->payload, x.cookie);
		udp_recv(pcb, on_datagram, &x);
		if (udp_sendto(pcb, p, addr, port) == ERR_OK) {
			while (!x.answered && !x.final && platform_ms() < deadline)
				net_stack_poll();
			rc = x.answered ? 0 : -1;
		}
	}
	if (p)
		pbuf_free(p);
	if (pcb)
		udp_remove(pcb);
	if (rc == 0)
		r->answer = x.answer;
	else
		snprintf(r->error, sizeof(r->error), "NTP: %s: %s", r->server, x.final ? x.why : "no answer in time");
	return rc;
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
