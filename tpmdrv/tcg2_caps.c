/*
 * tcg2_caps.c - reading EFI_TCG2_BOOT_SERVICE_CAPABILITY and its ManufacturerID.
 *
 * Layout (TCG EFI Protocol 6.4): Size (1), StructureVersion (2), ProtocolVersion (2), HashAlgorithmBitmap (4),
 * SupportedEventLogs (4), TPMPresentFlag (1), MaxCommandSize (2), MaxResponseSize (2), ManufacturerID (4),
 * NumberOfPcrBanks (4), ActivePcrBanks (4). Naturally aligned it is 36 bytes (EDK2's OVMF/AAVMF and U-Boot,
 * measured); some firmware packs it to 30. The Size the firmware writes back tells which.
 *
 * ManufacturerID is TPM_PT_MANUFACTURER (TPM 2.0 Part 2, 6.13 TPM_PT; the vendor IDs of the TCG registry are
 * four ASCII characters, the first in the most significant byte, padded with NUL or space). U-Boot stores that
 * value; EDK2 copies the TPM's big-endian bytes into the field, so read as a number it is byte-swapped (measured:
 * swtpm's "IBM" is 0x49424D00 under U-Boot, 0x004D4249 under OVMF and AAVMF).
 */
#include "tcg2_caps.h"
#include <string.h>

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

int tcg2_caps_parse(const uint8_t *raw, size_t len, struct tcg2_caps *caps, const char **why)
{
	memset(caps, 0, sizeof(*caps));
	if (len < TCG2_CAPS_ALIGNED_SIZE) {
		*why = "the capability buffer is shorter than the structure";
		return -1;
	}
	/* Sizes each layout gives when it ends after ManufacturerID, NumberOfPcrBanks or ActivePcrBanks (a
	 * firmware of the 1.0 protocol stops early): packed 22, 26, 30; aligned 28, 32, 36 (or a later, longer one). */
	uint8_t size = raw[0];
	bool packed = size == 22 || size == 26 || size == TCG2_CAPS_PACKED_SIZE;
	if (!packed && size != 28 && size != 32 && size < TCG2_CAPS_ALIGNED_SIZE) {
		*why = "the firmware wrote a structure Size that fits neither layout";
		return -1;
	}
	if (size > len) {
		*why = "the firmware's structure Size exceeds the buffer";
		return -1;
	}
	caps->packed = packed;
	caps->protocol_major = raw[3];
	caps->protocol_minor = raw[4];
	caps->event_logs = le32(raw + (packed ? 9 : 12));
	caps->present = raw[packed ? 13 : 16] != 0;
	caps->max_command = le16(raw + (packed ? 14 : 18));
	caps->max_response = le16(raw + (packed ? 16 : 20));
	caps->manufacturer = le32(raw + (packed ? 18 : 24));
	if (size >= (packed ? 30 : 36))
		caps->active_banks = le32(raw + (packed ? 26 : 32));
	return 0;
}

static uint32_t swap32(uint32_t v)
{
	return v >> 24 | (v >> 8 & 0xff00) | (v << 8 & 0xff0000) | v << 24;
}

/* A registry vendor ID: printable ASCII from the most significant byte, then only NUL or space padding. */
static bool vendor_shaped(uint32_t v)
{
	bool padding = false;
	for (int shift = 24; shift >= 0; shift -= 8) {
		uint8_t c = (uint8_t)(v >> shift);
		if (c == 0 || (c == ' ' && shift != 24)) {
			padding = true;
		} else if (c < 0x21 || c > 0x7e || padding) {
			return false;
		}
	}
	return (v >> 24) != 0;
}

enum tcg2_vendor_order tcg2_manufacturer_order(uint32_t raw, uint32_t tpm_value, uint32_t *value)
{
	*value = raw;
	if (tpm_value) {
		if (raw == tpm_value)
			return TCG2_VENDOR_VALUE;
		if (swap32(raw) == tpm_value) {
			*value = tpm_value;
			return TCG2_VENDOR_TPM_BYTES;
		}
		return TCG2_VENDOR_UNREADABLE;
	}
	if (vendor_shaped(raw))
		return TCG2_VENDOR_VALUE;
	if (vendor_shaped(swap32(raw))) {
		*value = swap32(raw);
		return TCG2_VENDOR_TPM_BYTES;
	}
	return TCG2_VENDOR_UNREADABLE;
}

void tcg2_vendor_name(uint32_t value, char out[5])
{
	memset(out, 0, 5);
	if (!vendor_shaped(value))
		return;
	for (int i = 0; i < 4; i++) {
		char c = (char)(value >> (24 - 8 * i));
		if (c == 0 || c == ' ')
			break;
		out[i] = c;
	}
}
