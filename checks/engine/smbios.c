/*
 * smbios.c - read the BIOS (type 0) and System (type 1) structures from an
 * SMBIOS structure table (DMTF DSP0134 3.x, 6.1 structure layout, 7.1, 7.2),
 * every offset and string index checked against the table's length.
 */
#include "checks/engine/platform_facts.h"
#include <stdio.h>
#include <string.h>

void platform_facts_init(struct platform_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->secure_boot_supported = f->secure_boot_enabled = f->setup_mode = FACT_UNKNOWN;
	f->event_log = FACT_UNKNOWN;
}

/* String number n (1-based) of the structure whose string set starts at s and ends before end. */
static void take_string(const uint8_t *s, const uint8_t *end, uint8_t n, char *out, size_t cap)
{
	out[0] = 0;
	for (uint8_t i = 1; n && s < end && *s; i++) {
		const uint8_t *z = memchr(s, 0, (size_t)(end - s));
		if (!z)
			return;
		if (i == n) {
			size_t k = 0;
			for (; s < z && k + 1 < cap; s++)
				out[k++] = *s >= 0x20 && *s < 0x7f ? (char)*s : '?';
			while (k && out[k - 1] == ' ')
				k--;
			out[k] = 0;
			return;
		}
		s = z + 1;
	}
}

/* DSP0134 7.2.1: the first three UUID fields are stored little-endian. */
static void format_uuid(const uint8_t *u, char *out, size_t cap)
{
	bool all00 = true, allff = true;
	for (int i = 0; i < 16; i++) {
		all00 &= u[i] == 0x00;
		allff &= u[i] == 0xFF;
	}
	if (all00 || allff) { /* "not present" and "not set" */
		snprintf(out, cap, "%s", all00 ? "not present" : "not set");
		return;
	}
	snprintf(out, cap, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[3], u[2], u[1], u[0],
		 u[5], u[4], u[7], u[6], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
}

static void read_structure(const uint8_t *p, uint8_t length, const uint8_t *strings, const uint8_t *end,
			   struct platform_facts *out)
{
	if (p[0] == 0 && length >= 0x09) {
		take_string(strings, end, p[4], out->bios_vendor, sizeof(out->bios_vendor));
		take_string(strings, end, p[5], out->bios_version, sizeof(out->bios_version));
		take_string(strings, end, p[8], out->bios_date, sizeof(out->bios_date));
	} else if (p[0] == 1 && length >= 0x08) {
		take_string(strings, end, p[4], out->system_manufacturer, sizeof(out->system_manufacturer));
		take_string(strings, end, p[5], out->product, sizeof(out->product));
		take_string(strings, end, p[7], out->serial, sizeof(out->serial));
		if (length >= 0x19)
			format_uuid(p + 8, out->uuid, sizeof(out->uuid));
	}
}

int smbios_parse(const uint8_t *table, size_t len, struct platform_facts *out)
{
	size_t pos = 0;
	for (int count = 0; pos + 4 <= len && count < 4096; count++) {
		const uint8_t *p = table + pos;
		uint8_t length = p[1];
		if (length < 4 || pos + length > len)
			return -1;
		const uint8_t *strings = p + length, *end = table + len, *q = strings;
		while (q + 1 < end && !(q[0] == 0 && q[1] == 0)) /* the string set ends with two NULs */
			q++;
		if (q + 1 >= end)
			return -1;
		read_structure(p, length, strings, q + 1, out);
		out->have_smbios = true;
		if (p[0] == 127) /* end-of-table */
			break;
		pos = (size_t)(q + 2 - table);
	}
	return out->have_smbios ? 0 : -1;
}
