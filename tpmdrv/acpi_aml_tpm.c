/* acpi_aml_tpm.c - the TPM device's register window from its _CRS in AML (see tpm_regs_find.h). */
#include "tpm_regs_find.h"
#include <stdio.h>
#include <string.h>

enum {
	AML_BODY = 36,        /* ACPI 6.5, 5.2.6: the definition block follows the 36-byte header */
	DEVICE_WINDOW = 512,  /* how far after the _HID the _CRS may lie */
	MEM32_FIXED = 0x86,   /* ACPI 6.5, 6.4.3.4: large item, name 0x06 */
	MEM32_FIXED_LEN = 9,
};

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static const uint8_t *find(const uint8_t *p, const uint8_t *end, const char *needle, size_t n)
{
	for (; p && (size_t)(end - p) >= n; p++)
		if (memcmp(p, needle, n) == 0)
			return p;
	return NULL;
}

/* The Memory32Fixed descriptor of the _CRS after `from`, stopping at the next device's _HID. */
static int descriptor_after(const uint8_t *from, const uint8_t *end, struct tpm_regs_hit *out)
{
	const uint8_t *stop = end - from > DEVICE_WINDOW ? from + DEVICE_WINDOW : end;
	const uint8_t *next_hid = find(from + 4, stop, "_HID", 4);
	if (next_hid)
		stop = next_hid;
	const uint8_t *crs = find(from, stop, "_CRS", 4);
	if (!crs)
		return -1;
	for (const uint8_t *p = crs + 4; stop - p >= 3 + MEM32_FIXED_LEN; p++) {
		if (p[0] != MEM32_FIXED || p[1] != MEM32_FIXED_LEN || p[2] != 0)
			continue;
		out->base = le32(p + 4);
		out->size = le32(p + 8);
		return out->size ? 0 : -1;
	}
	return -1;
}

int acpi_aml_tpm_regs(const uint8_t *aml, size_t len, struct tpm_regs_hit *out)
{
	static const char *const hids[] = { "MSFT0101", "PNP0C31" };
	memset(out, 0, sizeof(*out));
	if (!aml || len <= AML_BODY)
		return -1;
	const uint8_t *end = aml + len;
	for (size_t i = 0; i < sizeof(hids) / sizeof(hids[0]); i++) {
		for (const uint8_t *p = find(aml + AML_BODY, end, hids[i], strlen(hids[i])); p;
		     p = find(p + 1, end, hids[i], strlen(hids[i]))) {
			if (descriptor_after(p, end, out) == 0) {
				snprintf(out->what, sizeof(out->what), "ACPI %s _CRS", hids[i]);
				return 0;
			}
		}
	}
	return -1;
}
