/*
 * tpm_identity.h - the TPM's fixed properties (TPM 2.0 Library Part 2,
 * 6.13 TPM_PT, PT_FIXED group): manufacturer, vendor strings, firmware
 * version, family, specification level, revision and date.
 */
#ifndef PREFLIGHT_TPM_IDENTITY_H
#define PREFLIGHT_TPM_IDENTITY_H
#include <stdbool.h>
#include <stdint.h>
#include <tss2/tss2_sys.h>
#include "checks/tpm/tpm_firmware_version.h"

struct tpm_identity {
	uint32_t manufacturer;     /* TPM_PT_MANUFACTURER, 4 ASCII bytes big-endian */
	char manufacturer_id[5];   /* trailing NULs and spaces removed (docs/attestation-facts.md §2) */
	char vendor_string[17];    /* TPM_PT_VENDOR_STRING_1..4, printable only */
	uint32_t firmware1, firmware2;
	struct tpm_firmware_version version; /* as Windows and the maker show it (tpm_firmware_version.c) */
	char firmware[48];         /* the same as text, e.g. "7.63.3353.0" for Infineon's 0x0007003F 0x000D1900 */
	char family[5];            /* TPM_PT_FAMILY_INDICATOR, "2.0" */
	uint32_t level;
	uint32_t revision;         /* specification revision * 100, e.g. 138 = 1.38 */
	uint32_t day_of_year;
	uint32_t year;
	uint32_t vendor_tpm_type;
	uint32_t found;            /* how many of the properties the TPM returned */
};

/* Property ids (Part 2, table 23). */
enum {
	PT_FAMILY_INDICATOR = 0x100,
	PT_LEVEL = 0x101,
	PT_REVISION = 0x102,
	PT_DAY_OF_YEAR = 0x103,
	PT_YEAR = 0x104,
	PT_MANUFACTURER = 0x105,
	PT_VENDOR_STRING_1 = 0x106,
	PT_VENDOR_STRING_4 = 0x109,
	PT_VENDOR_TPM_TYPE = 0x10A,
	PT_FIRMWARE_VERSION_1 = 0x10B,
	PT_FIRMWARE_VERSION_2 = 0x10C,
};

/* Stores one property value in the identity. Unknown properties are ignored. */
void tpm_identity_apply(struct tpm_identity *id, uint32_t property, uint32_t value);
/* Fills the derived strings (manufacturer id, firmware) once all properties are in. */
void tpm_identity_finish(struct tpm_identity *id);

/*
 * Reads the fixed properties with TPM2_GetCapability, following moreData.
 * Returns the tss2 response code (0 on success).
 */
TSS2_RC tpm_identity_read(TSS2_SYS_CONTEXT *sys, struct tpm_identity *id);

/* "IFX", "INTC", ... from the 32-bit value: 4 bytes big-endian, NULs and spaces trimmed, non-printables as '.'. */
void tpm_manufacturer_id(uint32_t value, char out[5]);

#endif
