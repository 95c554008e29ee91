/* efi_platform_facts.h - SMBIOS, Secure Boot variables and the TCG2 event log, read from the firmware. */
#ifndef PREFLIGHT_EFI_PLATFORM_FACTS_H
#define PREFLIGHT_EFI_PLATFORM_FACTS_H
#include "checks/engine/platform_facts.h"
void efi_platform_facts(struct platform_facts *f);
#endif
