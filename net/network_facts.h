/*
 * network_facts.h - what the front end's network set-up found: the NIC it
 * used, the address and where it came from, or why there is no network. The
 * network.connection check reports it.
 */
#ifndef PREFLIGHT_NETWORK_FACTS_H
#define PREFLIGHT_NETWORK_FACTS_H
#include <stdbool.h>
#include "net/failure_code.h"

enum network_source { NETWORK_NONE, NETWORK_DHCP, NETWORK_STATIC, NETWORK_OS };

struct network_facts {
	enum network_source source;  /* NETWORK_NONE: the set-up failed (problem says why) */
	char problem[300];
	char code[FAILURE_CODE_MAX]; /* the set-up failure's code (net/failure_code.h) */
	int nic_count;               /* network interfaces the firmware offered */
	char mac[18], nic_path[200], filters[48];
	char passed_over[200];       /* NICs not used and why ("mac: no link; ...") */
	char address[16], netmask[16], gateway[16], dns[2][16];
	char dhcp_server[16];
	unsigned setup_ms;           /* link, lease and all */
	char random_source[24];      /* what DNS ids, ports, the NTP cookie and TLS draw from (platform_random_source) */
};

#endif
