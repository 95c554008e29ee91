/*
 * lwip_dns_wait.h - a DNS question to lwIP that can be polled and given up.
 * lwIP cannot cancel a question (dns_gethostbyname), so a given-up one lives
 * on until its answer or time-out arrives and then frees itself.
 */
#ifndef PREFLIGHT_LWIP_DNS_WAIT_H
#define PREFLIGHT_LWIP_DNS_WAIT_H
#include <lwip/ip_addr.h>
#include <stdbool.h>
#include <stddef.h>
#include "failure_code.h"

struct dns_wait;

/* Asks for name: 0 answered at once (an address literal or cached) into addr, 1 asked (*w set), -1 cannot ask. */
int dns_wait_start(const char *name, ip_addr_t *addr, struct dns_wait **w);
/* 1 still waiting, 0 answered into addr, -1 failed with a sentence (no such name / no answer / expired) and its
 * code (FAILURE_CODE_MAX bytes); *w is released unless still waiting. */
int dns_wait_poll(struct dns_wait **w, const char *name, bool expired, ip_addr_t *addr, char *why, size_t why_len,
		  char *code);
/* Gives up a question still waiting (safe with NULL). */
void dns_wait_abandon(struct dns_wait **w);

#endif
