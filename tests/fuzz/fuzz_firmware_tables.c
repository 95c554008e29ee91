/*
 * fuzz_firmware_tables.c - the parsers of what a firmware hands over about its TPM, on arbitrary bytes: the
 * EFI_TCG2 capability structure and its ManufacturerID, the TPM device's _CRS in AML, and the device tree.
 * The first byte chooses the parser; no crash, no read past the input, results within the input's claims.
 */
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include "tpmdrv/tcg2_caps.h"
#include "tpmdrv/tpm_regs_find.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const uint8_t *body = data + 1;
	size_t len = size - 1;
	struct tpm_regs_hit hit;
	const char *why = NULL;
	switch (data[0] % 3) {
	case 0: {
		struct tcg2_caps caps;
		char name[5];
		uint32_t value;
		if (tcg2_caps_parse(body, len, &caps, &why) == 0) {
			(void)tcg2_manufacturer_order(caps.manufacturer, 0, &value);
			tcg2_vendor_name(value, name);
			if (len >= 40) {
				uint32_t tpm = (uint32_t)body[36] << 24 | (uint32_t)body[37] << 16 | body[38] << 8 | body[39];
				(void)tcg2_manufacturer_order(caps.manufacturer, tpm, &value);
			}
		}
		break;
	}
	case 1:
		if (acpi_aml_tpm_regs(body, len, &hit) == 0 && !memchr(hit.what, 0, sizeof(hit.what)))
			__builtin_trap();
		break;
	default:
		if (fdt_tpm_regs(body, len, &hit, &why) == 0 && !memchr(hit.what, 0, sizeof(hit.what)))
			__builtin_trap();
		break;
	}
	return 0;
}
