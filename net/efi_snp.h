/*
 * efi_snp.h - the UEFI network interfaces the application's own stack uses:
 * EFI_SIMPLE_NETWORK_PROTOCOL (UEFI 2.10 section 24.1), the device path
 * (10.2) and its text form (10.6, EFI_DEVICE_PATH_TO_TEXT_PROTOCOL).
 */
#ifndef PREFLIGHT_EFI_SNP_H
#define PREFLIGHT_EFI_SNP_H
#include "boot/efi/efi.h"

#define EFI_SIMPLE_NETWORK_PROTOCOL_GUID \
	{ 0xa19832b9, 0xac25, 0x11d3, { 0x9a, 0x2d, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d } }
#define EFI_DEVICE_PATH_PROTOCOL_GUID \
	{ 0x09576e91, 0x6d3f, 0x11d2, { 0x8e, 0x39, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b } }
#define EFI_DEVICE_PATH_TO_TEXT_PROTOCOL_GUID \
	{ 0x8b843e20, 0x8132, 0x4852, { 0x90, 0xcc, 0x55, 0x1a, 0x4e, 0x4a, 0x7f, 0x1c } }

typedef struct {
	uint8_t Addr[32];
} EFI_MAC_ADDRESS;

enum { EfiSimpleNetworkStopped, EfiSimpleNetworkStarted, EfiSimpleNetworkInitialized };

/* 24.1 receive filter bits */
#define EFI_SNP_RECEIVE_UNICAST 0x01
#define EFI_SNP_RECEIVE_MULTICAST 0x02
#define EFI_SNP_RECEIVE_BROADCAST 0x04
#define EFI_SNP_RECEIVE_PROMISCUOUS 0x08
#define EFI_SNP_RECEIVE_PROMISCUOUS_MULTICAST 0x10

typedef struct {
	uint32_t State;
	uint32_t HwAddressSize;
	uint32_t MediaHeaderSize;
	uint32_t MaxPacketSize;
	uint32_t NvRamSize;
	uint32_t NvRamAccessSize;
	uint32_t ReceiveFilterMask;
	uint32_t ReceiveFilterSetting;
	uint32_t MaxMCastFilterCount;
	uint32_t MCastFilterCount;
	EFI_MAC_ADDRESS MCastFilter[16];
	EFI_MAC_ADDRESS CurrentAddress;
	EFI_MAC_ADDRESS BroadcastAddress;
	EFI_MAC_ADDRESS PermanentAddress;
	uint8_t IfType;
	BOOLEAN MacAddressChangeable;
	BOOLEAN MultipleTxSupported;
	BOOLEAN MediaPresentSupported;
	BOOLEAN MediaPresent;
} EFI_SIMPLE_NETWORK_MODE;

typedef struct EFI_SIMPLE_NETWORK_PROTOCOL {
	uint64_t Revision;
	EFI_STATUS(EFIAPI *Start)(struct EFI_SIMPLE_NETWORK_PROTOCOL *);
	EFI_STATUS(EFIAPI *Stop)(struct EFI_SIMPLE_NETWORK_PROTOCOL *);
	EFI_STATUS(EFIAPI *Initialize)(struct EFI_SIMPLE_NETWORK_PROTOCOL *, UINTN extra_rx, UINTN extra_tx);
	void *Reset;
	EFI_STATUS(EFIAPI *Shutdown)(struct EFI_SIMPLE_NETWORK_PROTOCOL *);
	EFI_STATUS(EFIAPI *ReceiveFilters)(struct EFI_SIMPLE_NETWORK_PROTOCOL *, uint32_t enable, uint32_t disable,
					   BOOLEAN reset_mcast, UINTN mcast_count, EFI_MAC_ADDRESS *mcast);
	void *StationAddress;
	void *Statistics;
	void *MCastIpToMac;
	void *NvData;
	EFI_STATUS(EFIAPI *GetStatus)(struct EFI_SIMPLE_NETWORK_PROTOCOL *, uint32_t *interrupt_status, void **tx_buf);
	EFI_STATUS(EFIAPI *Transmit)(struct EFI_SIMPLE_NETWORK_PROTOCOL *, UINTN header_size, UINTN size, void *buf,
				     EFI_MAC_ADDRESS *src, EFI_MAC_ADDRESS *dest, uint16_t *protocol);
	EFI_STATUS(EFIAPI *Receive)(struct EFI_SIMPLE_NETWORK_PROTOCOL *, UINTN *header_size, UINTN *size, void *buf,
				    EFI_MAC_ADDRESS *src, EFI_MAC_ADDRESS *dest, uint16_t *protocol);
	EFI_EVENT WaitForPacket;
	EFI_SIMPLE_NETWORK_MODE *Mode;
} EFI_SIMPLE_NETWORK_PROTOCOL;

typedef struct {
	uint8_t Type, SubType, Length[2];
} EFI_DEVICE_PATH_PROTOCOL;

typedef struct {
	void *ConvertDeviceNodeToText;
	CHAR16 *(EFIAPI *ConvertDevicePathToText)(const EFI_DEVICE_PATH_PROTOCOL *, BOOLEAN display_only,
						  BOOLEAN allow_shortcuts);
} EFI_DEVICE_PATH_TO_TEXT_PROTOCOL;

#endif
