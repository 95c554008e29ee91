/* lwip_dns_wait.c - see lwip_dns_wait.h. */
#include "lwip_dns_wait.h"
#include "net_random.h"
#include "boot/platform.h"
#include <lwip/dns.h>
#include <stdio.h>
#include <stdlib.h>

struct dns_wait {
	bool done, found, abandoned;
	unsigned random_failures; /* net_random_failures() when asked */
	ip_addr_t addr;
	uint64_t asked;
	unsigned answer_ms;
};

static void on_dns(const char *name, const ip_addr_t *addr, void *arg)
{
	struct dns_wait *w = arg;
	if (w->abandoned) {
		free(w);
		return;
	}
	w->done = true;
	w->found = addr != NULL;
	w->answer_ms = (unsigned)(platform_ms() - w->asked);
	if (addr)
		w->addr = *addr;
}

int dns_wait_start(const char *name, ip_addr_t *addr, struct dns_wait **w)
{
	*w = NULL;
	if (ipaddr_aton(name, addr))
		return 0;
	struct dns_wait *q = calloc(1, sizeof(*q));
	if (!q)
		return -1;
	q->asked = platform_ms();
	q->random_failures = net_random_failures();
	err_t e = dns_gethostbyname(name, addr, on_dns, q);
	if (e == ERR_INPROGRESS) {
		*w = q;
		return 1;
	}
	free(q);
	return e == ERR_OK ? 0 : -1;
}

/* lwIP reports "no such name" and "no answer" alike; an answer that came back before lwIP's first retry
 * (DNS_TMR_INTERVAL, 1 s) was the server's, so it said the name does not exist. */
int dns_wait_poll(struct dns_wait **w, const char *name, bool expired, ip_addr_t *addr, char *why, size_t why_len,
		  char *code)
{
	struct dns_wait *q = *w;
	if (!q->done) {
		if (!expired)
			return 1;
		dns_wait_abandon(w);
		snprintf(why, why_len, "DNS: no answer for %s in time", name);
		failure_code_set(code, "DNS-TIMEOUT");
		return -1;
	}
	bool found = q->found, guessable = net_random_failures() != q->random_failures;
	unsigned answer_ms = q->answer_ms;
	*addr = q->addr;
	free(q);
	*w = NULL;
	if (guessable) { /* the query's id and port came from a failed random source: the answer may be forged */
		snprintf(why, why_len, "DNS: %s: the random source failed while asking; the answer is not used", name);
		failure_code_set(code, "DNS-RANDOM-FAILED");
		return -1;
	}
	if (found)
		return 0;
	bool said_no = answer_ms < 1000;
	snprintf(why, why_len, said_no ? "DNS: %s cannot be resolved (the DNS server says no such name)"
				       : "DNS: %s cannot be resolved (the DNS server gave no answer)", name);
	failure_code_set(code, said_no ? "DNS-NXDOMAIN" : "DNS-TIMEOUT");
	return -1;
}

void dns_wait_abandon(struct dns_wait **w)
{
	if (*w)
		(*w)->abandoned = true; /* on_dns frees it */
	*w = NULL;
}
