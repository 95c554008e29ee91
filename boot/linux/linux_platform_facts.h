/* linux_platform_facts.h - SMBIOS strings, Secure Boot and the event log as Linux exports them. */
#ifndef PREFLIGHT_LINUX_PLATFORM_FACTS_H
#define PREFLIGHT_LINUX_PLATFORM_FACTS_H
#include <stdbool.h>
#include "checks/engine/platform_facts.h"
/* local_tpm: the TPM checked is this machine's (a device), so its event log applies. */
void linux_platform_facts(struct platform_facts *f, bool local_tpm);
#endif
