/*
 * efi_regs.h - where the TPM's registers are, as the firmware states it, and
 * whether that address may be read at all. On a PC the registers sit at
 * PTP's fixed address; on Arm nothing is fixed, and reading an address
 * nothing answers at ends the application with a synchronous exception, so
 * only an address the firmware gave, and that is not RAM, is ever touched.
 */
#ifndef PREFLIGHT_EFI_REGS_H
#define PREFLIGHT_EFI_REGS_H
#include <stdbool.h>
#include <stdint.h>
#include "acpi_tpm2.h"

struct tpm_regs_place {
	bool usable;         /* base may be read */
	uint64_t base;       /* locality 0 register block */
	char source[48];     /* "ACPI TPM2 control area", "ACPI MSFT0101 _CRS", "device tree ...", "PTP fixed address" */
	char problem[200];   /* why no address is usable, in words */
};

/* `table` is the parsed ACPI TPM2 table, or NULL without one. */
void efi_tpm_regs_locate(const struct acpi_tpm2 *table, struct tpm_regs_place *out);

#endif
