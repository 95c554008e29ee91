/* check_platform.c - the machine's identity, Secure Boot state and TCG event log (facts from the front end). */
#include "engine_internal.h"
#include "platform_facts.h"
#include "report_files.h"
#include <stdio.h>

static const char *word(enum tristate t)
{
	return t == FACT_YES ? "yes" : t == FACT_NO ? "no" : "unknown";
}

static void check_info(struct engine *e, const struct platform_facts *f)
{
	char clock[32];
	format_utc_iso(clock, sizeof(clock), e->opt->now);
	struct check_result *r = report_add(e->report, CHECK_PLATFORM_INFO, CHECK_PASS, "%s %s, serial %s, BIOS %s%s%s%s",
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

static void check_secure_boot(struct engine *e, const struct platform_facts *f)
{
	if (f->secure_boot_supported == FACT_UNKNOWN) {
		engine_skip(e, CHECK_PLATFORM_SECURE_BOOT, "the Secure Boot variables cannot be read here");
		return;
	}
	bool active = f->secure_boot_enabled == FACT_YES && f->setup_mode != FACT_YES;
	struct check_result *r = report_add(e->report, CHECK_PLATFORM_SECURE_BOOT, active ? CHECK_PASS : CHECK_WARN,
		"Secure Boot supported: %s, enabled: %s, active: %s", word(f->secure_boot_supported),
		word(f->secure_boot_enabled), active ? "yes" : "no");
	result_evidence(r, "SecureBoot", "%s", word(f->secure_boot_enabled));
	result_evidence(r, "SetupMode", "%s", word(f->setup_mode));
}

static void check_event_log(struct engine *e, const struct platform_facts *f)
{
	if (f->event_log == FACT_UNKNOWN) {
		engine_skip(e, CHECK_TPM_EVENT_LOG, "no event log to look at for this TPM");
		return;
	}
	struct check_result *r = report_add(e->report, CHECK_TPM_EVENT_LOG, f->event_log == FACT_YES ? CHECK_PASS : CHECK_FAIL,
		f->event_log == FACT_YES ? "Event log present (%s)%s" : "No TCG event log%s%s", f->event_log_format,
		f->event_log_truncated ? ", truncated" : "");
	result_evidence(r, "format", "%s", f->event_log_format);
}

void check_platform(struct engine *e)
{
	const struct platform_facts *f = e->opt->platform;
	if (!f) {
		engine_skip(e, CHECK_PLATFORM_INFO, "no platform facts were gathered");
		engine_skip(e, CHECK_PLATFORM_SECURE_BOOT, "no platform facts were gathered");
		engine_skip(e, CHECK_TPM_EVENT_LOG, "no platform facts were gathered");
		return;
	}
	engine_step(e, CHECK_PLATFORM_INFO);
	check_info(e, f);
	check_secure_boot(e, f);
	check_event_log(e, f);
}
