/*
 * efi_acpi.c - walk the XSDT (or the RSDT of an ACPI 1.0 RSDP) for a table.
 * Lengths come from firmware memory; each one is sanity-checked so a broken
 * table gives "not found", not a wild read.
 */
#include "efi_acpi.h"
#include "efi_globals.h"
#include <string.h>

enum { TABLE_MAX = 1 << 20, HEADER = 36 };

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static const uint8_t *rsdp(void)
{
	static const EFI_GUID acpi20 = EFI_ACPI_20_TABLE_GUID;
	const uint8_t *p = efi_find_config_table(&acpi20);
	return p && memcmp(p, "RSD PTR ", 8) == 0 ? p : NULL;
}

const uint8_t *efi_acpi_find(const char signature[4], size_t *length)
{
	const uint8_t *r = rsdp();
	if (!r)
		return NULL;
	/* ACPI 5.2.5.3: XsdtAddress at 24 (revision >= 2), RsdtAddress at 16; entries 8 or 4 bytes. */
	bool x = r[15] >= 2 && le64(r + 24) != 0;
	const uint8_t *sdt = (const uint8_t *)(uintptr_t)(x ? le64(r + 24) : le32(r + 16));
	size_t entry = x ? 8 : 4;
	uint32_t sdt_len = le32(sdt + 4);
	if (sdt_len < HEADER || sdt_len > TABLE_MAX)
		return NULL;
	for (size_t off = HEADER; off + entry <= sdt_len; off += entry) {
		const uint8_t *t = (const uint8_t *)(uintptr_t)(x ? le64(sdt + off) : le32(sdt + off));
		if (!t || memcmp(t, signature, 4) != 0)
			continue;
		uint32_t len = le32(t + 4);
		if (len < HEADER || len > TABLE_MAX)
			return NULL;
		*length = len;
		return t;
	}
	return NULL;
}

const uint8_t *efi_acpi_dsdt(size_t *length)
{
	size_t fadt_len = 0;
	const uint8_t *fadt = efi_acpi_find("FACP", &fadt_len);
	if (!fadt || fadt_len < 44)
		return NULL;
	uint64_t at = fadt_len >= 148 && le64(fadt + 140) ? le64(fadt + 140) : le32(fadt + 40);
	const uint8_t *dsdt = (const uint8_t *)(uintptr_t)at;
	if (!dsdt || memcmp(dsdt, "DSDT", 4) != 0)
		return NULL;
	uint32_t len = le32(dsdt + 4);
	if (len < HEADER || len > TABLE_MAX)
		return NULL;
	*length = len;
	return dsdt;
}
