/*
 * snp_netif.c - lwIP's Ethernet interface over EFI_SIMPLE_NETWORK_PROTOCOL
 * (UEFI 2.10 section 24.1), in the manner of iPXE's snpnet consumer: the NIC
 * is taken by snp_nic.c; frames are polled with Receive; transmit buffers
 * stay ours until GetStatus hands them back (24.1.12).
 */
#include "snp_netif.h"
#include "snp_nic.h"
#include "boot/efi/efi_globals.h"
#include "boot/platform.h"
#include <lwip/etharp.h>
#include <lwip/pbuf.h>
#include <netif/ethernet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { TX_SLOTS = 32, FRAME_MAX = 1536, RX_BURST = 64, TX_WAIT_MS = 200, OVERSIZE_MAX = 65536 };

static struct {
	struct snp_nic taken;
	EFI_SIMPLE_NETWORK_PROTOCOL *snp;
	uint8_t tx[TX_SLOTS][FRAME_MAX];
	bool tx_busy[TX_SLOTS];
	uint8_t rx[FRAME_MAX];
} nic;

/* GetStatus returns one transmitted buffer per call (UEFI 24.1.12); each is ours again. */
static void recycle_tx(void)
{
	for (int guard = 0; guard < TX_SLOTS * 2; guard++) {
		void *done = NULL;
		if (EFI_ERROR(nic.snp->GetStatus(nic.snp, NULL, &done)) || !done)
			return;
		for (int i = 0; i < TX_SLOTS; i++)
			if (done == nic.tx[i])
				nic.tx_busy[i] = false;
	}
}

static int free_tx_slot(void)
{
	uint64_t deadline = platform_ms() + TX_WAIT_MS;
	do {
		recycle_tx();
		for (int i = 0; i < TX_SLOTS; i++)
			if (!nic.tx_busy[i])
				return i;
	} while (platform_ms() < deadline);
	return -1;
}

static err_t link_output(struct netif *n, struct pbuf *p)
{
	(void)n;
	if (p->tot_len > FRAME_MAX)
		return ERR_BUF;
	int slot = free_tx_slot();
	if (slot < 0)
		return ERR_MEM;
	pbuf_copy_partial(p, nic.tx[slot], p->tot_len, 0);
	uint64_t deadline = platform_ms() + TX_WAIT_MS;
	for (;;) {
		EFI_STATUS s = nic.snp->Transmit(nic.snp, 0, p->tot_len, nic.tx[slot], NULL, NULL, NULL);
		if (!EFI_ERROR(s)) {
			nic.tx_busy[slot] = true;
			return ERR_OK;
		}
		if (s != EFI_NOT_READY || platform_ms() >= deadline)
			return ERR_IF;
		recycle_tx(); /* the transmit queue is full: give the NIC a moment */
	}
}

/* A frame larger than our buffer is read into a scratch buffer and dropped, so it does not block the queue. */
static void drop_oversized(UINTN size)
{
	if (size > OVERSIZE_MAX)
		return;
	void *scratch = malloc(size);
	if (scratch)
		nic.snp->Receive(nic.snp, NULL, &size, scratch, NULL, NULL, NULL);
	free(scratch);
}

void snp_netif_poll(struct netif *n)
{
	if (!nic.snp)
		return;
	for (int i = 0; i < RX_BURST; i++) {
		UINTN size = sizeof(nic.rx);
		EFI_STATUS s = nic.snp->Receive(nic.snp, NULL, &size, nic.rx, NULL, NULL, NULL);
		if (s == EFI_BUFFER_TOO_SMALL) {
			drop_oversized(size);
			continue;
		}
		if (EFI_ERROR(s) || size > sizeof(nic.rx))
			break;
		struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)size, PBUF_POOL);
		if (!p)
			break;
		pbuf_take(p, nic.rx, (u16_t)size);
		if (n->input(p, n) != ERR_OK)
			pbuf_free(p);
	}
	recycle_tx();
}

static err_t netif_setup(struct netif *n)
{
	EFI_SIMPLE_NETWORK_MODE *m = nic.snp->Mode;
	n->name[0] = 'e';
	n->name[1] = 'n';
	n->output = etharp_output;
	n->linkoutput = link_output;
	n->mtu = m->MaxPacketSize && m->MaxPacketSize < 1500 ? (u16_t)m->MaxPacketSize : 1500;
	n->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(n->hwaddr, m->CurrentAddress.Addr, ETH_HWADDR_LEN);
	n->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
	return ERR_OK;
}

int snp_netif_open(struct netif *n, unsigned link_wait_ms, struct nic_info *info, char *err, size_t err_len,
		   char *code)
{
	memset(nic.tx_busy, 0, sizeof(nic.tx_busy));
	if (snp_nic_take(&nic.taken, link_wait_ms, info, err, err_len, code) != 0)
		return -1;
	nic.snp = nic.taken.snp;
	if (!netif_add(n, IP4_ADDR_ANY4, IP4_ADDR_ANY4, IP4_ADDR_ANY4, NULL, netif_setup, ethernet_input)) {
		snprintf(err, err_len, "the network stack could not add the interface");
		failure_code_set(code, "NET-STACK-FAILED");
		snp_netif_close(n);
		return -1;
	}
	netif_set_default(n);
	netif_set_up(n);
	netif_set_link_up(n);
	return 0;
}

void snp_netif_close(struct netif *n)
{
	if (!nic.snp)
		return;
	if (n->flags & NETIF_FLAG_UP)
		netif_remove(n);
	recycle_tx();
	snp_nic_give_back(&nic.taken);
	nic.snp = NULL;
}
