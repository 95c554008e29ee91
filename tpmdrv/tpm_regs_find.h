/*
 * tpm_regs_find.h - where the firmware says the TPM's registers are, when the
 * ACPI TPM2 table does not carry the address (start method 6, FIFO: its
 * control area field is 0): the TPM device's _CRS in the ACPI namespace, or
 * the device tree node a firmware without ACPI (U-Boot) hands to the
 * operating system. Pure parsers of firmware bytes: every length is checked.
 */
#ifndef PREFLIGHT_TPM_REGS_FIND_H
#define PREFLIGHT_TPM_REGS_FIND_H
#include <stddef.h>
#include <stdint.h>

struct tpm_regs_hit {
	uint64_t base; /* locality 0 register block, a physical address */
	uint64_t size; /* length of the register window the firmware states */
	char what[48]; /* "ACPI MSFT0101 _CRS", "device tree tcg,tpm-tis-mmio" */
};

/*
 * Scans AML (a DSDT or SSDT body, header included) for a TPM device (_HID "MSFT0101", TCG ACPI 1.3 8.1; or
 * "PNP0C31" for TPM 1.2) and the Memory32Fixed descriptor (ACPI 6.5, 6.4.3.4) of its _CRS. Not an AML
 * interpreter: the descriptor must follow the _HID within the same device's first 512 bytes, as firmwares
 * (QEMU, EDK2's Tcg2Acpi) write it. Returns 0 with the hit, -1 when there is none.
 */
int acpi_aml_tpm_regs(const uint8_t *aml, size_t len, struct tpm_regs_hit *out);

/*
 * Walks a flattened device tree (Devicetree Specification 0.4, chapter 5) for a node compatible with
 * "tcg,tpm-tis-mmio" or "tcg,tpm_tis-mmio" (Linux's binding for a memory-mapped TIS/FIFO TPM), takes its
 * first reg entry and translates it through each parent bus's ranges to a CPU address. Returns 0 with the
 * hit, -1 with a reason.
 */
int fdt_tpm_regs(const uint8_t *blob, size_t len, struct tpm_regs_hit *out, const char **why);

#endif
