/* check_platform.c - the machine's identity, Secure Boot state and TCG event log (facts from the front end). */
#include "checks/engine/engine_internal.h"
#include "checks/engine/platform_facts.h"
#include "checks/util/serial_placeholder.h"
#include "checks/util/utc_time.h"
#include <stdio.h>

static const char *word(enum tristate t)
{
	return t == FACT_YES ? "yes" : t == FACT_NO ? "no" : "unknown";
}

void judge_platform_info(const struct engine *e, struct check_result *r)
{
	const struct platform_facts *f = e->opt->platform;
	char clock[32];
	format_utc_iso(clock, sizeof(clock), e->opt->now);
	outcome_set(r, CHECK_PASS, NULL, "%s %s, serial %s, BIOS %s%s%s%s",
		f->system_manufacturer[0] ? f->system_manufacturer : "unknown maker", f->product[0] ? f->product : "unknown model",
		f->serial[0] ? f->serial : "unknown", f->bios_version[0] ? f->bios_version : "unknown",
		f->bios_date[0] ? " (" : "", f->bios_date, f->bios_date[0] ? ")" : "");
	if (!f->have_smbios)
		result_details(r, "No SMBIOS data was available (%s).", f->source);
	result_evidence(r, "system_manufacturer", "%s", f->system_manufacturer);
	result_evidence(r, "product", "%s", f->product);
	result_evidence(r, "serial", "%s", f->serial);
	result_evidence(r, "uuid", "%s", f->uuid);
	result_evidence(r, "bios_vendor", "%s", f->bios_vendor);
	result_evidence(r, "bios_version", "%s", f->bios_version);
	result_evidence(r, "bios_date", "%s", f->bios_date);
	result_evidence(r, "clock", "%s (%s)", clock, f->clock_source);
	result_evidence(r, "source", "%s", f->source);
}

void judge_platform_serial(const struct engine *e, struct check_result *r)
{
	const struct platform_facts *f = e->opt->platform;
	if (!f->of_the_tpms_machine) {
		outcome_set(r, CHECK_SKIP, "not-this-machine", "Skipped: the TPM is not this machine's, so neither is its serial");
		return;
	}
	const char *problem = serial_problem(f->serial);
	if (problem)
		outcome_set(r, CHECK_WARN, "serial-unset", "The SMBIOS serial number is %s%s%s%s", problem,
			    f->serial[0] ? " (\"" : "", f->serial, f->serial[0] ? "\")" : "");
	else
		outcome_set(r, CHECK_PASS, NULL, "Serial number %s", f->serial);
	result_evidence(r, "serial", "%s", f->serial);
}

void judge_secure_boot(const struct engine *e, struct check_result *r)
{
	const struct platform_facts *f = e->opt->platform;
	if (f->secure_boot_supported == FACT_UNKNOWN) {
		outcome_set(r, CHECK_SKIP, "variables-unreadable", "Skipped: the Secure Boot variables cannot be read here");
		return;
	}
	bool active = f->secure_boot_enabled == FACT_YES && f->setup_mode != FACT_YES;
	outcome_set(r, active ? CHECK_PASS : CHECK_WARN, "not-active",
		"Secure Boot supported: %s, enabled: %s, active: %s", word(f->secure_boot_supported),
		word(f->secure_boot_enabled), active ? "yes" : "no");
	result_evidence(r, "SecureBoot", "%s", word(f->secure_boot_enabled));
	result_evidence(r, "SetupMode", "%s", word(f->setup_mode));
}

void judge_event_log(const struct engine *e, struct check_result *r)
{
	const struct platform_facts *f = e->opt->platform;
	if (f->event_log == FACT_UNKNOWN) {
		outcome_set(r, CHECK_SKIP, "not-available-here", "Skipped: no event log to look at for this TPM");
		return;
	}
	outcome_set(r, f->event_log == FACT_YES ? CHECK_PASS : CHECK_FAIL, "no-event-log",
		f->event_log == FACT_YES ? "Event log present (%s)%s" : "No TCG event log%s%s", f->event_log_format,
		f->event_log_truncated ? ", truncated" : "");
	result_evidence(r, "format", "%s", f->event_log_format);
}
