/*
 * efi_regs.c - the TPM register block's address, from the first firmware
 * source that names one: the ACPI TPM2 table's control area (CRB start
 * methods; TCG ACPI 1.3, 8.3), the TPM device's _CRS in the DSDT (FIFO: the
 * table's field is 0 then), the device tree (firmware without ACPI), else
 * the architecture's fixed address (PCs only). The address is then checked
 * against the UEFI memory map (UEFI 2.10, 7.2 GetMemoryMap) before any read.
 */
#include "efi_regs.h"
#include "tpm_regs_find.h"
#include "boot/efi/arch/efi_cpu.h"
#include "boot/efi/efi_acpi.h"
#include "boot/efi/efi_globals.h"
#include <stdio.h>
#include <string.h>

static bool crb_method(uint32_t m)
{
	return m == TPM2_START_CRB || m == TPM2_START_CRB_ACPI || m == TPM2_START_CRB_SMC || m == TPM2_START_PLUTON ||
	       m == TPM2_START_CRB_FFA;
}

/* UEFI 7.2, EFI_MEMORY_TYPE: the types that describe RAM (code, data, free, ACPI, persistent). */
static bool is_ram(uint32_t type)
{
	return (type >= 1 && type <= 7) || type == 9 || type == 10 || type == 14;
}

/* 1 when [base, base + len) overlaps RAM, 0 when not, -1 when the map could not be read. */
static int overlaps_ram(uint64_t base, uint64_t len)
{
	UINTN size = 0, key, desc_size = 0;
	uint32_t version;
	uint8_t *map = NULL;
	EFI_STATUS st = EFI_BUFFER_TOO_SMALL;
	for (int tries = 0; tries < 4 && st == EFI_BUFFER_TOO_SMALL; tries++) { /* the pool may grow the map */
		if (map)
			efi_boot->FreePool(map);
		map = NULL;
		size += 4096;
		if (EFI_ERROR(efi_boot->AllocatePool(EfiLoaderData, size, (void **)&map)))
			return -1;
		st = efi_boot->GetMemoryMap(&size, (EFI_MEMORY_DESCRIPTOR *)map, &key, &desc_size, &version);
	}
	int result = -1;
	if (!EFI_ERROR(st) && desc_size >= sizeof(EFI_MEMORY_DESCRIPTOR)) {
		result = 0;
		for (UINTN off = 0; off + desc_size <= size; off += desc_size) {
			EFI_MEMORY_DESCRIPTOR d;
			memcpy(&d, map + off, sizeof(d));
			uint64_t end = d.PhysicalStart + d.NumberOfPages * 4096;
			if (is_ram(d.Type) && base < end && d.PhysicalStart < base + len)
				result = 1;
		}
	}
	efi_boot->FreePool(map);
	return result;
}

/* NULL when the address may be read, else why not. */
static const char *address_problem(uint64_t base)
{
	if (!base)
		return "is zero";
	if (base & 0xfff)
		return "is not 4 KiB aligned (PTP: each locality is a 4 KiB block)";
	if (base > 0x0000fffffffff000ULL)
		return "lies beyond a 48-bit physical address space";
	if (overlaps_ram(base, 0x1000) == 1)
		return "lies in system memory (the UEFI memory map lists it as RAM)";
	return NULL;
}

/* The blob states its own size (Devicetree 5.2, totalsize); 4 MiB bounds what is read of it. */
static size_t fdt_size(const uint8_t *fdt)
{
	uint32_t total = (uint32_t)fdt[4] << 24 | (uint32_t)fdt[5] << 16 | (uint32_t)fdt[6] << 8 | fdt[7];
	return total < (4u << 20) ? total : (4u << 20);
}

static bool from_firmware(const struct acpi_tpm2 *table, struct tpm_regs_place *out, char *tried, size_t tried_len)
{
	static const EFI_GUID dtb = EFI_DTB_TABLE_GUID;
	struct tpm_regs_hit hit;
	const char *why = "";
	if (table && crb_method(table->start_method) && table->control_area >= 0x40) {
		out->base = table->control_area - 0x40; /* PTP 6.5.2: the CRB control area sits 0x40 into the block */
		snprintf(out->source, sizeof(out->source), "ACPI TPM2 control area");
		return true;
	}
	size_t len = 0;
	const uint8_t *dsdt = efi_acpi_dsdt(&len);
	if (dsdt && acpi_aml_tpm_regs(dsdt, len, &hit) == 0) {
		out->base = hit.base;
		snprintf(out->source, sizeof(out->source), "%s", hit.what);
		return true;
	}
	const uint8_t *fdt = efi_find_config_table(&dtb);
	if (fdt && fdt_tpm_regs(fdt, fdt_size(fdt), &hit, &why) == 0) {
		out->base = hit.base;
		snprintf(out->source, sizeof(out->source), "%s", hit.what);
		return true;
	}
	snprintf(tried, tried_len, "%s%s%s", dsdt ? "no TPM device in the DSDT" : "no DSDT",
		 fdt ? "; device tree: " : "", fdt ? why : "");
	return false;
}

void efi_tpm_regs_locate(const struct acpi_tpm2 *table, struct tpm_regs_place *out)
{
	char tried[120] = "";
	memset(out, 0, sizeof(*out));
	if (!from_firmware(table, out, tried, sizeof(tried))) {
		out->base = arch_tpm_fixed_base();
		if (!out->base) {
			snprintf(out->problem, sizeof(out->problem), "The firmware names no TPM register address (%s), "
				 "and this platform has no fixed one: the registers are not read.", tried);
			return;
		}
		snprintf(out->source, sizeof(out->source), "PTP fixed address");
	}
	const char *bad = address_problem(out->base);
	if (bad) {
		snprintf(out->problem, sizeof(out->problem), "The TPM register address 0x%llx (from %s) %s: it is not "
			 "read.", (unsigned long long)out->base, out->source, bad);
		return;
	}
	out->usable = true;
}
