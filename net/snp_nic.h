/*
 * snp_nic.h - choosing a network interface and taking it from the firmware:
 * which NICs exist, which has a link, exclusive use for the run, and giving
 * it back afterwards.
 */
#ifndef PREFLIGHT_SNP_NIC_H
#define PREFLIGHT_SNP_NIC_H
#include "efi_snp.h"
#include "snp_netif.h"

struct snp_nic {
	EFI_HANDLE handle;
	EFI_SIMPLE_NETWORK_PROTOCOL *snp;
	uint32_t state_found; /* the SNP state when we took it; restored when giving it back */
};

/* Takes the first NIC with a link (waiting at most link_wait_ms in all); fills info. 0, or -1 with err and its
 * code (FAILURE_CODE_MAX bytes; with several NICs, the last one's). */
int snp_nic_take(struct snp_nic *out, unsigned link_wait_ms, struct nic_info *info, char *err, size_t err_len,
		 char *code);
void snp_nic_give_back(struct snp_nic *n);
/* ConnectController(recursive) on every handle, so drivers bind to their devices (UEFI 2.10 7.3). */
void snp_connect_all_controllers(void);
/* The MAC addresses of the NICs that offer SNP now ("52:54:00:12:34:56, ..."; each once); returns how many. */
int snp_nic_addresses(char *out, size_t cap);

#endif
