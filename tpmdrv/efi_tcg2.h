/* efi_tcg2.h - TPM commands through the firmware's EFI_TCG2_PROTOCOL (TCG EFI Protocol Specification 6.6). */
#ifndef PREFLIGHT_EFI_TCG2_H
#define PREFLIGHT_EFI_TCG2_H
#include "transport.h"
#include "tcg2_caps.h"
#include "boot/efi/efi.h"

struct tcg2_transport {
	struct tpm_transport base;
	EFI_TCG2_PROTOCOL *tcg2;
	struct tcg2_caps caps;
};

/* Locates EFI_TCG2_PROTOCOL; NULL when the firmware has none. */
EFI_TCG2_PROTOCOL *efi_tcg2_locate(void);
/* Reads GetCapability; returns 0 or -1 when the call fails. */
int efi_tcg2_capability(EFI_TCG2_PROTOCOL *tcg2, struct tcg2_caps *caps);
void tcg2_transport_init(struct tcg2_transport *t, EFI_TCG2_PROTOCOL *tcg2, const struct tcg2_caps *caps);
/* True when the firmware exposes the TPM 1.2 EFI_TCG_PROTOCOL. */
bool efi_tcg12_present(void);

#endif
