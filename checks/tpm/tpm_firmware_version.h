/*
 * tpm_firmware_version.h - TPM_PT_FIRMWARE_VERSION_1/2 (TPM 2.0 Library Part 2,
 * 6.13: "the most-significant 32 bits of a vendor-specific value" and the
 * least-significant 32) as the four numbers Windows and the TPM's maker show.
 */
#ifndef PREFLIGHT_TPM_FIRMWARE_VERSION_H
#define PREFLIGHT_TPM_FIRMWARE_VERSION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { TPM_MANUFACTURER_IFX = 0x49465800 }; /* "IFX\0", TCG Vendor ID Registry */

struct tpm_firmware_version {
	uint32_t part[4]; /* major, minor, build, revision */
};

/* The four numbers for this manufacturer (TPM_PT_MANUFACTURER as read) and raw words. */
struct tpm_firmware_version tpm_firmware_version(uint32_t manufacturer, uint32_t fw1, uint32_t fw2);
/* "7.63.3353.0" */
void tpm_firmware_version_text(const struct tpm_firmware_version *v, char *out, size_t cap);
/* <0, 0, >0 as a is older than, equal to or newer than b, number by number. */
int tpm_firmware_version_compare(const struct tpm_firmware_version *a, const struct tpm_firmware_version *b);
/*
 * The TPMVersion an EK certificate names (TCG EK Credential Profile, subject alternative name, "id:" and hex
 * digits) as MAJOR.MINOR: 8 digits are TPM_PT_FIRMWARE_VERSION_1 (16/16 for every maker), 4 digits a major and a
 * minor byte (Infineon's "id:073f" is 7.63). False, and out empty, for any other form.
 */
bool tpm_san_version_text(const char *san, char *out, size_t cap);

#endif
