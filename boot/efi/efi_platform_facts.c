/*
 * efi_platform_facts.c - the machine's facts in UEFI: the SMBIOS table through
 * its 3.0 (or 2.1) entry point (DSP0134 5.2), SecureBoot and SetupMode (UEFI
 * 3.3), and EFI_TCG2_PROTOCOL.GetEventLog (TCG EFI Protocol 6.5).
 */
#include "efi_platform_facts.h"
#include "efi_globals.h"
#include "checks/util/utc_offset.h"
#include "tpmdrv/efi_tcg2.h"
#include <stdio.h>
#include <string.h>

enum { SMBIOS_TABLE_MAX = 1 << 20 };

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void read_smbios(struct platform_facts *f)
{
	static const EFI_GUID v3 = SMBIOS3_TABLE_GUID, v2 = SMBIOS_TABLE_GUID;
	const uint8_t *ep = efi_find_config_table(&v3);
	uint64_t address = 0;
	uint32_t length = 0;
	if (ep && memcmp(ep, "_SM3_", 5) == 0) {
		length = le32(ep + 0x0C);
		address = le32(ep + 0x10) | (uint64_t)le32(ep + 0x14) << 32;
	} else if ((ep = efi_find_config_table(&v2)) && memcmp(ep, "_SM_", 4) == 0) {
		length = (uint32_t)(ep[0x16] | ep[0x17] << 8);
		address = le32(ep + 0x18);
	}
	if (!address || !length || length > SMBIOS_TABLE_MAX)
		return;
	smbios_parse((const uint8_t *)(uintptr_t)address, length, f);
}

static enum tristate read_flag(const CHAR16 *name)
{
	static const EFI_GUID global = EFI_GLOBAL_VARIABLE_GUID;
	uint8_t value = 0;
	UINTN size = sizeof(value);
	uint32_t attributes;
	if (EFI_ERROR(efi_runtime->GetVariable(name, &global, &attributes, &size, &value)) || size != 1)
		return FACT_UNKNOWN;
	return value ? FACT_YES : FACT_NO;
}

/* TCG EFI Protocol 6.4: EFI_TCG2_EVENT_LOG_FORMAT_TCG_1_2 (1), _TCG_2 (2, crypto-agile). */
static void read_event_log(struct platform_facts *f)
{
	EFI_TCG2_PROTOCOL *tcg2 = efi_tcg2_locate();
	struct tcg2_caps caps;
	if (!tcg2 || efi_tcg2_capability(tcg2, &caps) != 0)
		return;
	static const struct { uint32_t format; const char *name; } formats[] = {
		{ 2, "crypto-agile (TCG2)" }, { 1, "SHA-1 (TCG 1.2)" },
	};
	f->event_log = FACT_NO;
	for (size_t i = 0; i < 2; i++) {
		EFI_PHYSICAL_ADDRESS location = 0, last = 0;
		BOOLEAN truncated = 0;
		if (!(caps.event_logs & formats[i].format) ||
		    EFI_ERROR(tcg2->GetEventLog(tcg2, formats[i].format, &location, &last, &truncated)) || !location)
			continue;
		f->event_log = FACT_YES;
		f->event_log_truncated = truncated;
		snprintf(f->event_log_format, sizeof(f->event_log_format), "%s", formats[i].name);
		return;
	}
}

/* How the time was read (efi_time.c): the RTC's own zone when the firmware names one. */
static void describe_clock(struct platform_facts *f)
{
	EFI_TIME t;
	char zone[16];
	if (!efi_runtime || EFI_ERROR(efi_runtime->GetTime(&t, NULL)) || t.TimeZone == UTC_OFFSET_UNSPECIFIED ||
	    t.TimeZone < -1440 || t.TimeZone > 1440) {
		snprintf(f->clock_source, sizeof(f->clock_source), "RTC (UEFI GetTime), no zone: read as UTC");
		return;
	}
	format_utc_offset(zone, sizeof(zone), -t.TimeZone); /* TimeZone counts minutes west (UEFI 2.10, 8.3) */
	snprintf(f->clock_source, sizeof(f->clock_source), "RTC (UEFI GetTime) in %s", zone);
}

void efi_platform_facts(struct platform_facts *f)
{
	platform_facts_init(f);
	snprintf(f->source, sizeof(f->source), "UEFI firmware");
	f->of_the_tpms_machine = true;
	describe_clock(f);
	read_smbios(f);
	f->secure_boot_enabled = read_flag(u"SecureBoot");
	f->setup_mode = read_flag(u"SetupMode");
	f->secure_boot_supported = f->secure_boot_enabled == FACT_UNKNOWN ? FACT_NO : FACT_YES;
	read_event_log(f);
}
