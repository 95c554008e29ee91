/*
 * tcg2_caps.h - EFI_TCG2_BOOT_SERVICE_CAPABILITY as bytes (TCG EFI Protocol
 * Specification, 6.4 GetCapability), and the ManufacturerID it carries, which
 * firmwares store in two byte orders. Pure functions: the unit tests and the
 * fuzz target use them without UEFI.
 */
#ifndef PREFLIGHT_TCG2_CAPS_H
#define PREFLIGHT_TCG2_CAPS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tcg2_caps {
	bool present;          /* TPMPresentFlag */
	bool packed;           /* the firmware wrote the packed (30-byte) layout */
	uint8_t protocol_major, protocol_minor;
	uint32_t manufacturer; /* ManufacturerID as the firmware stored it */
	uint32_t active_banks;
	uint32_t event_logs;
	uint16_t max_command, max_response; /* SubmitCommand refuses larger buffers */
};

/* The Size to pass in: the naturally aligned structure (UEFI structures follow the C ABI). */
enum { TCG2_CAPS_ALIGNED_SIZE = 36, TCG2_CAPS_PACKED_SIZE = 30 };

/* Reads the structure the firmware filled (`len` bytes from its start). Returns 0, or -1 with a reason. */
int tcg2_caps_parse(const uint8_t *raw, size_t len, struct tcg2_caps *caps, const char **why);

/* How a firmware stored ManufacturerID. */
enum tcg2_vendor_order {
	TCG2_VENDOR_VALUE,      /* the TPM_PT_MANUFACTURER value (U-Boot): 0x49424D00 for "IBM" */
	TCG2_VENDOR_TPM_BYTES,  /* the TPM's big-endian bytes read as a little-endian number (EDK2): 0x004D4249 */
	TCG2_VENDOR_UNREADABLE, /* neither order gives a vendor name */
};

/*
 * Which order `raw` is in. `tpm_value` is TPM_PT_MANUFACTURER as the TPM itself answered (0: not known;
 * then the name's shape decides, the value order first). *value gets the TPM_PT_MANUFACTURER value.
 */
enum tcg2_vendor_order tcg2_manufacturer_order(uint32_t raw, uint32_t tpm_value, uint32_t *value);
/* The vendor name of a TPM_PT_MANUFACTURER value, e.g. "IBM"; "" when its bytes are not printable. */
void tcg2_vendor_name(uint32_t value, char out[5]);

#endif
