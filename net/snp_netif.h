/*
 * snp_netif.h - lwIP's Ethernet interface over the firmware's
 * EFI_SIMPLE_NETWORK_PROTOCOL. The application takes the NIC from the
 * firmware's own network stack for the run and gives it back at the end.
 */
#ifndef PREFLIGHT_SNP_NETIF_H
#define PREFLIGHT_SNP_NETIF_H
#include <lwip/netif.h>
#include <stdbool.h>
#include <stddef.h>
#include "failure_code.h"

struct nic_info {
	char mac[18];        /* aa:bb:cc:dd:ee:ff */
	char path[200];      /* the device path in text, which says the slot and the driver's kind */
	char filters[48];    /* the receive filter that was accepted */
	int candidates;      /* network interfaces seen */
	char passed_over[200]; /* the NICs tried first and why they were not used, "mac: why; ..." */
};

/* Finds the NICs (connecting the controllers when the firmware has not), takes the first with a link
 * exclusively and adds it to lwIP as the default interface. Waits for a link at most link_wait_ms.
 * Returns 0, or -1 with a sentence for the technician in err and its code (FAILURE_CODE_MAX bytes). */
int snp_netif_open(struct netif *nif, unsigned link_wait_ms, struct nic_info *info, char *err, size_t err_len,
		   char *code);
/* Hands received frames to lwIP and recycles sent buffers; called from every wait of the network code. */
void snp_netif_poll(struct netif *nif);
/* Leaves the NIC as it was found and lets the firmware's drivers bind to it again. */
void snp_netif_close(struct netif *nif);

#endif
