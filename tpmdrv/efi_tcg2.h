/* efi_tcg2.h - TPM commands through the firmware's EFI_TCG2_PROTOCOL (TCG EFI Protocol Specification 6.6). */
#ifndef PREFLIGHT_EFI_TCG2_H
#define PREFLIGHT_EFI_TCG2_H
#include "transport.h"
#include "tcg2_caps.h"
#include "boot/efi/efi.h"

/*
 * What a firmware's EFI_TCG2_PROTOCOL does otherwise than the TCG EFI Protocol Specification says (measured;
 * docs/transports.md, "Firmware differences"), and how the transport copes.
 */
struct tcg2_quirks {
	const char *firmware;       /* "U-Boot": as it names itself; NULL: none known */
	uint32_t refuses_above;     /* SubmitCommand fails commands longer than this (0: none), whatever MaxCommandSize */
	bool error_answer_is_error; /* it returns EFI_DEVICE_ERROR for every TPM error answer, the answer in the buffer */
};

struct tcg2_transport {
	struct tpm_transport base;
	EFI_TCG2_PROTOCOL *tcg2;
	struct tcg2_caps caps;
	struct tcg2_quirks quirks;
	struct tpm_transport *direct; /* the registers, for what the firmware refuses; NULL when none may be read */
};

/* The known departures of the running firmware (by EFI_SYSTEM_TABLE.FirmwareVendor). */
struct tcg2_quirks efi_tcg2_quirks(void);

/* Locates EFI_TCG2_PROTOCOL; NULL when the firmware has none. */
EFI_TCG2_PROTOCOL *efi_tcg2_locate(void);
/* Reads GetCapability; returns 0 or -1 when the call fails. */
int efi_tcg2_capability(EFI_TCG2_PROTOCOL *tcg2, struct tcg2_caps *caps);
void tcg2_transport_init(struct tcg2_transport *t, EFI_TCG2_PROTOCOL *tcg2, const struct tcg2_caps *caps,
			 const struct tcg2_quirks *quirks, struct tpm_transport *direct);
/* True when the firmware exposes the TPM 1.2 EFI_TCG_PROTOCOL. */
bool efi_tcg12_present(void);

#endif
