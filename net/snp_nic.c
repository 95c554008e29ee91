/*
 * snp_nic.c - see snp_nic.h. UEFI 2.10: 7.3 LocateHandleBuffer, OpenProtocol
 * (EXCLUSIVE disconnects the drivers using the protocol), ConnectController;
 * 24.1 Start, Initialize, ReceiveFilters, GetStatus (MediaPresent);
 * 10.6 ConvertDevicePathToText.
 */
#include "snp_nic.h"
#include "boot/efi/efi_globals.h"
#include "boot/platform.h"
#include <stdio.h>
#include <string.h>

static const EFI_GUID snp_guid = EFI_SIMPLE_NETWORK_PROTOCOL_GUID;

/* Measured with OVMF: with a boot order, it connects no NIC; connecting every controller makes the SNP drivers bind. */
void snp_connect_all_controllers(void)
{
	EFI_HANDLE *all = NULL;
	UINTN count = 0;
	if (EFI_ERROR(efi_boot->LocateHandleBuffer(AllHandles, NULL, NULL, &count, &all)))
		return;
	for (UINTN i = 0; i < count; i++)
		efi_boot->ConnectController(all[i], NULL, NULL, 1);
	efi_boot->FreePool(all);
}

static EFI_HANDLE *snp_handles(UINTN *count)
{
	EFI_HANDLE *handles = NULL;
	*count = 0;
	if (EFI_ERROR(efi_boot->LocateHandleBuffer(ByProtocol, &snp_guid, NULL, count, &handles)) || !*count) {
		snp_connect_all_controllers();
		if (EFI_ERROR(efi_boot->LocateHandleBuffer(ByProtocol, &snp_guid, NULL, count, &handles)))
			*count = 0;
	}
	return *count ? handles : NULL;
}

static void device_path_text(EFI_HANDLE h, char *out, size_t cap)
{
	static const EFI_GUID path_guid = EFI_DEVICE_PATH_PROTOCOL_GUID, text_guid = EFI_DEVICE_PATH_TO_TEXT_PROTOCOL_GUID;
	EFI_DEVICE_PATH_PROTOCOL *path = NULL;
	EFI_DEVICE_PATH_TO_TEXT_PROTOCOL *to_text = NULL;
	snprintf(out, cap, "unknown");
	if (EFI_ERROR(efi_boot->HandleProtocol(h, &path_guid, (void **)&path)) || !path ||
	    EFI_ERROR(efi_boot->LocateProtocol(&text_guid, NULL, (void **)&to_text)) || !to_text)
		return;
	CHAR16 *text = to_text->ConvertDevicePathToText(path, 0, 0);
	if (!text)
		return;
	size_t n = 0;
	for (; text[n] && n + 1 < cap; n++)
		out[n] = text[n] < 0x80 ? (char)text[n] : '?';
	out[n] = 0;
	efi_boot->FreePool(text);
}

/* Unicast and broadcast suffice for IPv4 (ARP, DHCP, DNS); when refused, take what the NIC offers. */
static bool set_filters(EFI_SIMPLE_NETWORK_PROTOCOL *snp, char *chosen, size_t cap)
{
	static const struct { uint32_t bits; const char *name; } tries[] = {
		{ EFI_SNP_RECEIVE_UNICAST | EFI_SNP_RECEIVE_BROADCAST, "unicast+broadcast" },
		{ EFI_SNP_RECEIVE_UNICAST | EFI_SNP_RECEIVE_BROADCAST | EFI_SNP_RECEIVE_PROMISCUOUS_MULTICAST,
		  "unicast+broadcast+all multicast" },
		{ EFI_SNP_RECEIVE_PROMISCUOUS, "promiscuous" },
	};
	uint32_t mask = snp->Mode->ReceiveFilterMask;
	for (size_t i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
		if ((tries[i].bits & mask) != tries[i].bits)
			continue;
		if (!EFI_ERROR(snp->ReceiveFilters(snp, tries[i].bits, 0, 0, 0, NULL))) {
			snprintf(chosen, cap, "%s", tries[i].name);
			return true;
		}
	}
	/* U-Boot 2023.01's SNP states no filter (mask 0) and answers every ReceiveFilters with EFI_UNSUPPORTED, while
	 * its driver receives unicast and broadcast (measured: DHCP works): a firmware quirk, taken as its default. */
	if (!mask && snp->ReceiveFilters(snp, tries[0].bits, 0, 0, 0, NULL) == EFI_UNSUPPORTED) {
		snprintf(chosen, cap, "the firmware's own (no ReceiveFilters)");
		return true;
	}
	return false;
}

/* Brings the NIC to Initialized whatever state MNP left it in. */
static EFI_STATUS start_nic(EFI_SIMPLE_NETWORK_PROTOCOL *snp)
{
	EFI_STATUS s = EFI_SUCCESS;
	if (snp->Mode->State == EfiSimpleNetworkStopped)
		s = snp->Start(snp);
	if (!EFI_ERROR(s) && snp->Mode->State == EfiSimpleNetworkStarted)
		s = snp->Initialize(snp, 0, 0);
	return s;
}

static bool has_link(EFI_SIMPLE_NETWORK_PROTOCOL *snp, uint64_t deadline)
{
	if (!snp->Mode->MediaPresentSupported)
		return true; /* the NIC cannot tell: try it */
	for (;;) {
		uint32_t irq = 0;
		snp->GetStatus(snp, &irq, NULL); /* refreshes MediaPresent */
		if (snp->Mode->MediaPresent)
			return true;
		if (platform_ms() >= deadline)
			return false;
		platform_sleep_ms(50);
	}
}

static void address_text(const EFI_SIMPLE_NETWORK_PROTOCOL *snp, char *out, size_t cap)
{
	const uint8_t *m = snp->Mode->CurrentAddress.Addr;
	snprintf(out, cap, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

static void mac_text(const struct snp_nic *n, char *out, size_t cap)
{
	address_text(n->snp, out, cap);
}

int snp_nic_addresses(char *out, size_t cap)
{
	EFI_HANDLE *handles = NULL;
	UINTN count = 0;
	int distinct = 0;
	out[0] = 0;
	if (EFI_ERROR(efi_boot->LocateHandleBuffer(ByProtocol, &snp_guid, NULL, &count, &handles)))
		return 0;
	for (UINTN i = 0; i < count; i++) {
		EFI_SIMPLE_NETWORK_PROTOCOL *snp = NULL;
		char mac[18];
		if (EFI_ERROR(efi_boot->HandleProtocol(handles[i], &snp_guid, (void **)&snp)) || !snp || !snp->Mode)
			continue;
		address_text(snp, mac, sizeof(mac));
		if (strstr(out, mac))
			continue; /* EDK2's PXE driver puts a second SNP, with the NIC's address, on its IPv4 child */
		size_t used = strlen(out);
		snprintf(out + used, cap - used, "%s%s", used ? ", " : "", mac);
		distinct++;
	}
	efi_boot->FreePool(handles);
	return distinct;
}

/* Opens one NIC for ourselves; 0 when it is usable and has a link, else -1 with why and its code. */
static int try_nic(struct snp_nic *n, uint64_t link_deadline, struct nic_info *info, char *why, size_t why_len,
		   char *code)
{
	EFI_STATUS s = efi_boot->OpenProtocol(n->handle, &snp_guid, (void **)&n->snp, efi_image, NULL,
					      EFI_OPEN_PROTOCOL_EXCLUSIVE);
	if (EFI_ERROR(s)) {
		snprintf(why, why_len, "the firmware would not hand it over (status 0x%llx)", (unsigned long long)s);
		failure_code_set(code, "NET-NIC-BUSY");
		return -1;
	}
	n->state_found = n->snp->Mode->State;
	if (EFI_ERROR(s = start_nic(n->snp))) {
		snprintf(why, why_len, "it would not start (status 0x%llx)", (unsigned long long)s);
		failure_code_set(code, "NET-NIC-START-FAILED");
	} else if (!set_filters(n->snp, info->filters, sizeof(info->filters))) {
		snprintf(why, why_len, "it accepts no receive filter");
		failure_code_set(code, "NET-NIC-NO-FILTER");
	} else if (!has_link(n->snp, link_deadline)) {
		snprintf(why, why_len, "no link (is the cable plugged in?)");
		failure_code_set(code, "NET-NO-LINK");
	} else {
		mac_text(n, info->mac, sizeof(info->mac));
		device_path_text(n->handle, info->path, sizeof(info->path));
		return 0;
	}
	char mac[18];
	size_t used = strlen(info->passed_over);
	mac_text(n, mac, sizeof(mac));
	snprintf(info->passed_over + used, sizeof(info->passed_over) - used, "%s%s: %s", used ? "; " : "", mac, why);
	snp_nic_give_back(n);
	return -1;
}

int snp_nic_take(struct snp_nic *out, unsigned link_wait_ms, struct nic_info *info, char *err, size_t err_len,
		 char *code)
{
	UINTN count;
	EFI_HANDLE *handles = snp_handles(&count);
	memset(info, 0, sizeof(*info));
	info->candidates = (int)count;
	if (!handles) {
		snprintf(err, err_len, "no network interface: the firmware offers no network driver (EFI_SIMPLE_NETWORK_PROTOCOL) "
			 "for this machine's NICs; enable the network stack in the firmware setup or use a USB NIC it supports");
		failure_code_set(code, "NET-NO-NIC");
		return -1;
	}
	uint64_t deadline = platform_ms() + link_wait_ms;
	char why[120] = "";
	int rc = -1;
	for (UINTN i = 0; i < count && rc != 0; i++) {
		*out = (struct snp_nic){ .handle = handles[i] };
		rc = try_nic(out, deadline, info, why, sizeof(why), code);
	}
	efi_boot->FreePool(handles);
	if (rc != 0)
		snprintf(err, err_len, "none of the %d network interfaces can be used: %s", (int)count, why);
	return rc;
}

void snp_nic_give_back(struct snp_nic *n)
{
	if (!n->snp)
		return;
	if (n->state_found == EfiSimpleNetworkStopped) {
		n->snp->Shutdown(n->snp);
		n->snp->Stop(n->snp);
	}
	efi_boot->CloseProtocol(n->handle, &snp_guid, efi_image, NULL);
	efi_boot->ConnectController(n->handle, NULL, NULL, 1); /* the firmware's own stack binds again */
	n->snp = NULL;
}
