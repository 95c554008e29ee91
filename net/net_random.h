/*
 * net_random.h - whether the platform's random source can be trusted with the
 * numbers the network needs unpredictable: DNS query ids and source ports
 * (RFC 5452 9.2 and 10), initial local ports (RFC 6056) and the SNTP request
 * cookie (RFC 5905 8, the origin timestamp). Without them an attacker on the
 * path can forge DNS and time answers, so the network is not started. The
 * source is platform_random: the machine's own, else the TPM's generator.
 */
#ifndef PREFLIGHT_NET_RANDOM_H
#define PREFLIGHT_NET_RANDOM_H
#include <stddef.h>
#include "failure_code.h"

typedef int (*net_random_fill)(void *buf, size_t len); /* 0, or -1 when there is no random source */

/* Draws twice from fill; 0 when both draws worked and differ, else -1 with a sentence in problem and its code
 * (FAILURE_CODE_MAX bytes): the source failed, or it repeats itself (some CPUs' RDRAND returned all ones after a
 * resume, which Linux checks at boot, arch/x86/kernel/cpu/rdrand.c). */
int net_random_check(net_random_fill fill, char *problem, size_t cap, char *code);
/* How many times lwIP asked for a random number and the source failed (lwip_port.c); a DNS answer to a query
 * sent meanwhile is not used. */
unsigned net_random_failures(void);

#endif
