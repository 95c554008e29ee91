/*
 * platform_facts.h - what the machine says about itself, gathered by the
 * front end before the checks run: SMBIOS system and BIOS strings, Secure
 * Boot state, the TCG event log, and the clock.
 */
#ifndef PREFLIGHT_PLATFORM_FACTS_H
#define PREFLIGHT_PLATFORM_FACTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum tristate { FACT_UNKNOWN = -1, FACT_NO = 0, FACT_YES = 1 };

struct platform_facts {
	bool have_smbios;
	char system_manufacturer[64], product[64], serial[64], uuid[40];
	char bios_vendor[64], bios_version[64], bios_date[32];
	enum tristate secure_boot_supported, secure_boot_enabled, setup_mode;
	enum tristate event_log;       /* a TCG event log exists */
	char event_log_format[40];     /* "crypto-agile (TCG2)", "SHA-1 (TCG 1.2)" */
	bool event_log_truncated;
	char clock_source[40];         /* "RTC (UEFI GetTime)", "system clock" */
	char source[40];               /* where the facts came from */
	bool of_the_tpms_machine;      /* the facts describe the machine whose TPM is checked (not so for a swtpm) */
};

void platform_facts_init(struct platform_facts *f);

/* SMBIOS structure table (DMTF DSP0134): types 0 (BIOS) and 1 (System). Returns 0, or -1 when malformed. */
int smbios_parse(const uint8_t *table, size_t len, struct platform_facts *out);

#endif
