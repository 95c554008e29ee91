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

/* The UEFI drivers on the stick (\preflight\drivers) loaded before the network came up (boot/efi/efi_nic_drivers.c). */
enum { NIC_DRIVERS_REPORTED = 8 };
struct nic_driver_facts {
	int files;                 /* .efi files found; 0: nothing was tried */
	int started;               /* drivers loaded and started */
	int count;                 /* entries in each[] (the first NIC_DRIVERS_REPORTED files) */
	struct nic_driver_outcome {
		char name[64];     /* the path under \preflight\drivers: "x64\e1000.efi" */
		bool started;
		char what[130];    /* "x64 UEFI boot service driver, bound 52:54:00:12:34:56", or why it was refused */
	} each[NIC_DRIVERS_REPORTED];
	int nics_before, nics_after; /* NICs offering SNP before the drivers and after connecting every controller */
	char nics_before_list[120], nics_new[120]; /* their MAC addresses; those that appeared */
	unsigned load_ms;          /* reading, loading, starting and connecting */
};

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
	struct nic_driver_facts drivers;
};

#endif
