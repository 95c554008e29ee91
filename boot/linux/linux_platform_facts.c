/*
 * linux_platform_facts.c - the machine's facts on Linux: the kernel's DMI
 * export (/sys/class/dmi/id), the SecureBoot and SetupMode EFI variables
 * (/sys/firmware/efi/efivars: 4 attribute bytes, then the value) and the
 * TPM's event log in securityfs.
 */
#include "linux_platform_facts.h"
#include <stdio.h>
#include <string.h>
#include <stddef.h>
#include <unistd.h>

static void read_line(const char *path, char *out, size_t cap)
{
	out[0] = 0;
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	if (fgets(out, (int)cap, f))
		out[strcspn(out, "\n")] = 0;
	fclose(f);
}

static enum tristate efi_flag(const char *name)
{
	char path[160];
	unsigned char buf[5];
	snprintf(path, sizeof(path), "/sys/firmware/efi/efivars/%s-8be4df61-93ca-11d2-aa0d-00e098032b8c", name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return FACT_UNKNOWN;
	size_t n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return n == 5 ? (buf[4] ? FACT_YES : FACT_NO) : FACT_UNKNOWN;
}

void linux_platform_facts(struct platform_facts *f, bool local_tpm)
{
	platform_facts_init(f);
	snprintf(f->source, sizeof(f->source), "Linux sysfs");
	snprintf(f->clock_source, sizeof(f->clock_source), "system clock");
	static const struct { const char *file; size_t offset, cap; } dmi[] = {
		{ "sys_vendor", offsetof(struct platform_facts, system_manufacturer), 64 },
		{ "product_name", offsetof(struct platform_facts, product), 64 },
		{ "product_serial", offsetof(struct platform_facts, serial), 64 },
		{ "product_uuid", offsetof(struct platform_facts, uuid), 40 },
		{ "bios_vendor", offsetof(struct platform_facts, bios_vendor), 64 },
		{ "bios_version", offsetof(struct platform_facts, bios_version), 64 },
		{ "bios_date", offsetof(struct platform_facts, bios_date), 32 },
	};
	for (size_t i = 0; i < sizeof(dmi) / sizeof(dmi[0]); i++) {
		char path[80];
		snprintf(path, sizeof(path), "/sys/class/dmi/id/%s", dmi[i].file);
		read_line(path, (char *)f + dmi[i].offset, dmi[i].cap);
	}
	f->have_smbios = f->system_manufacturer[0] || f->product[0];
	f->secure_boot_enabled = efi_flag("SecureBoot");
	f->setup_mode = efi_flag("SetupMode");
	f->secure_boot_supported = access("/sys/firmware/efi", F_OK) == 0 ? (f->secure_boot_enabled == FACT_UNKNOWN ? FACT_NO : FACT_YES)
									  : FACT_UNKNOWN;
	f->of_the_tpms_machine = local_tpm;
	if (local_tpm) { /* the log belongs to the machine's own TPM, not to a swtpm */
		bool present = access("/sys/kernel/security/tpm0/binary_bios_measurements", F_OK) == 0;
		f->event_log = present ? FACT_YES : FACT_NO;
		if (present)
			snprintf(f->event_log_format, sizeof(f->event_log_format), "as exported by the kernel");
	}
}
