/*
 * efi_main.c - the UEFI application: read the configuration, find the TPM,
 * run the checks, show the report on the console (mirrored to serial by the
 * firmware), save it on the stick, then finish as configured.
 */
#include "efi_args.h"
#include "efi_beep.h"
#include "efi_console.h"
#include "efi_files.h"
#include "efi_finish.h"
#include "efi_mok.h"
#include "efi_globals.h"
#include "efi_network.h"
#include "efi_progress.h"
#include "efi_trust.h"
#include "efi_report_save.h"
#include "efi_platform_facts.h"
#include "efi_screen.h"
#include "efi_tpm.h"
#include "checks/config/cmdline.h"
#include "checks/engine/engine.h"
#include "checks/util/utc_time.h"
#include "checks/report/report_render.h"
#include "checks/report/report_strict.h"
#include "checks/trust/trust_store.h"
#include "checks/trust/firmware_advisories.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CONFIG_PATH "\\preflight\\preflight.conf"
#define ADVISORIES_PATH "\\preflight\\advisories.tsv"

static struct report report;
static struct efi_report_file report_file; /* the run's pair of files on the stick, claimed at its start */
static struct platform_facts *run_facts;
static long long run_started;

/* The settings that could not be used, for config.file (kept across the reruns of one boot). */
static char config_problem_text[REPORT_NOTES_MAX][200];
static const char *config_problems[REPORT_NOTES_MAX];
static int config_problem_count;

static void note_problem(void *ctx, const char *message)
{
	report_note(ctx, "%s", message);
	efi_printf("NOTE     %s\n", message);
	if (config_problem_count < REPORT_NOTES_MAX) {
		snprintf(config_problem_text[config_problem_count], sizeof(config_problem_text[0]), "%s", message);
		config_problems[config_problem_count] = config_problem_text[config_problem_count];
		config_problem_count++;
	}
}

static void load_config(struct config *c)
{
	char *text = NULL, line[512];
	size_t len = 0;
	config_defaults(c);
	EFI_STATUS s = efi_read_file(CONFIG_PATH, CONFIG_FILE_MAX, &text, &len);
	if (!EFI_ERROR(s)) {
		config_parse(c, text, len, note_problem, &report);
		free(text);
	} else if (s != EFI_NOT_FOUND) {
		note_problem(&report, "config: " CONFIG_PATH " could not be read; using the defaults");
	}
	char *argv[CMDLINE_ARGS_MAX];
	int from_shell = efi_command_line(line, sizeof(line));
	int argc = cmdline_split(line, argv, CMDLINE_ARGS_MAX);
	cmdline_apply(c, argc, argv, from_shell ? 1 : 0, note_problem, &report);
	config_finish(c, note_problem, &report);
}

static void show_verdict(enum verdict v)
{
	uint32_t colour = v == VERDICT_READY ? EFI_GREEN : v == VERDICT_NOT_READY ? EFI_RED : EFI_YELLOW;
	efi_set_colour(colour | 0x00);
	efi_printf("\n==== %s ====\n", verdict_name(v));
	efi_set_colour(EFI_LIGHTGRAY);
}

/* Saves the report as it stands (silently: the final save speaks). While the run goes on the file says INCOMPLETE
 * and the stage, so a watchdog reset or a power cut leaves a report that says how far the run got. */
static int save_report(bool final, char *why, size_t why_len)
{
	struct strbuf text, json;
	strbuf_init(&text);
	strbuf_init(&json);
	report_render_text(&report, &text);
	report_render_json(&report, &json);
	int r = efi_save_report(&report_file, run_facts->serial, run_started, &text, &json, final, why, why_len);
	strbuf_free(&text);
	strbuf_free(&json);
	return r;
}

static void save_stage(const char *stage)
{
	report_run_stage(&report, "%s", stage);
	save_report(false, NULL, 0); /* a stick that takes no file says so once, at the final save */
}

/* The engine's progress: the console line, and the report saved again when a new group of checks begins. */
static void progress_step(const char *id, const char *what)
{
	efi_progress_step(id, what);
	if (report_run_check_started(&report, id))
		save_report(false, NULL, 0);
}

/* One run of the checks: fills the report and shows it as text (console and serial). The report is on the stick,
 * marked incomplete, before the TPM or the network is touched. */
static void run_checks(const struct config *config, struct platform_facts *facts, long long now)
{
	char started[32], settings[240];
	struct engine_options options;
	static struct trust_store store;
	format_utc_iso(started, sizeof(started), now);
	report_init(&report, "uefi", started);
	for (int i = 0; i < config_problem_count; i++) /* the configuration's notes, in every run's report */
		report_note(&report, "%s", config_problems[i]);
	efi_platform_facts(facts); /* SMBIOS and the firmware's variables: no TPM command */
	config_describe(config, settings, sizeof(settings));
	report_run_begin(&report, facts->serial, facts->product, settings);
	memset(&report_file, 0, sizeof(report_file)); /* a new run: a new pair of files */
	run_facts = facts;
	run_started = now;
	save_stage("started: configuration read");
	engine_options_init(&options, now);
	options.progress = progress_step;
	options.finished = efi_progress_done;
	options.virtual_tpm_warn = config->virtual_tpm_warn;
	options.activation_key = config->activation_key;
	options.aik_enrol = config->aik_enrol;
	options.clock_warn_s = config->clock_warn_s;
	options.clock_fail_s = config->clock_fail_s;
	options.cab_max_age_days = config->cab_max_age_days;
	options.config_source = CONFIG_PATH;
	options.config_problems = config_problems;
	options.config_problem_count = config_problem_count;
	options.factory_mode = config->mode == MODE_FACTORY;
	efi_progress_start();
	/* the TPM first: without EFI_RNG_PROTOCOL and RDRAND its generator is the network's random source */
	save_stage("tpm detection");
	struct tpm_connection *conn = efi_tpm_open(config->transport);
	save_stage("network set-up");
	efi_network_prepare(config, &options);
	options.now = (long long)time(NULL); /* the network may have taken seconds; the clock check compares from here */
	save_stage("trust store");
	efi_trust_load(config, &options, &store);
	char *advisories = NULL;
	size_t advisories_len = 0;
	if (!EFI_ERROR(efi_read_file(ADVISORIES_PATH, ADVISORY_FILE_MAX, &advisories, &advisories_len))) {
		options.extra_advisories = advisories;
		options.extra_advisories_len = advisories_len;
	}
	options.platform = facts;
	engine_run(conn, &options, &report);
	efi_progress_stop();
	report_apply_strict(&report, config->strict); /* the TPM stays open: the upload may need its generator */
	report_run_end(&report);
	report.beep = config->beep ? efi_beep_available() : BEEP_OFF;
	if (options.store)
		trust_store_close(&store);
	free(advisories);
}

/* Shows the text report and saves it on the stick (a new pair of files each time). */
static void show_and_save(const struct config *config, const struct platform_facts *facts)
{
	struct strbuf text, json;
	strbuf_init(&text);
	strbuf_init(&json);
	report_render_text(&report, &text);
	report_render_json(&report, &json);
	efi_print("\n");
	efi_print(strbuf_str(&text));
	show_verdict(report_verdict(&report));
	char why[160];
	report_delivery(&report, "%s", ""); /* this save stands for the run: earlier failures are past */
	if (save_report(true, why, sizeof(why)) != 0)
		report_delivery(&report, "NOT SAVED to the stick (%s)", why);
	if (efi_network_upload(config, strbuf_str(&json), strlen(strbuf_str(&json)), why, sizeof(why)) != 0)
		report_delivery(&report, "NOT UPLOADED (%s)", why);
	strbuf_free(&text);
	strbuf_free(&json);
}

/* The technician's screen (finish = key): rerun and save again loop here; the rest ends the application. */
static void interact(const struct config *config, struct platform_facts *facts)
{
	char header[160];
	for (;;) {
		/* the serial first: what a technician writes down must not be split by the wrap */
		snprintf(header, sizeof(header), "serial %s  %s %s", facts->serial[0] ? facts->serial : "unknown",
			 facts->system_manufacturer, facts->product);
		enum screen_action a = efi_screen_interact(&report, header, config->key_timeout_s);
		if (a == SCREEN_RERUN) {
			run_checks(config, facts, (long long)time(NULL));
			show_and_save(config, facts);
			efi_beep(&report);
		} else if (a == SCREEN_SAVE) {
			show_and_save(config, facts);
		} else {
			struct config end = *config;
			end.finish = a == SCREEN_REBOOT ? FINISH_REBOOT : FINISH_SHUTDOWN;
			efi_network_stop();
			efi_tpm_close();
			efi_finish(&end, &report);
			return;
		}
	}
}

static EFI_STATUS run(void)
{
	long long now = (long long)time(NULL);
	char started[32];
	struct config config;
	static struct platform_facts facts;
	format_utc_iso(started, sizeof(started), now);
	report_init(&report, "uefi", started); /* notes from the configuration land in the first report */
	efi_printf("tpm-preflight %s - TPM attestation readiness (%s)\n", report.tool_version, started);
	load_config(&config);
	if (config.mode == MODE_FACTORY) {
		/* UEFI 7.5 SetWatchdogTimer: a unit that hangs anyway is reset, so a test station never waits forever */
		efi_boot->SetWatchdogTimer(config.time_limit_s, 0x10000, 0, NULL);
		efi_printf("MODE     factory: unattended, finish after READY = %s, after NOT READY = %s, time limit %u s\n",
			   finish_action_name(config.finish_pass), finish_action_name(config.finish_fail), config.time_limit_s);
	}
	run_checks(&config, &facts, now);
	if (config.mok_cleanup) /* once per boot, after the checks (which read SecureBoot as shim left it) */
		efi_mok_cleanup(&report);
	show_and_save(&config, &facts);
	efi_beep(&report); /* after the save: the report on the stick already says what the line hears */
	enum verdict v = report_verdict(&report);
	efi_boot->SetWatchdogTimer(0, 0, 0, NULL);
	if (config.finish == FINISH_KEY) {
		interact(&config, &facts);
	} else {
		struct config end = config; /* factory: the line's signal follows the verdict (finish_pass, finish_fail) */
		if (config.mode == MODE_FACTORY)
			end.finish = v == VERDICT_NOT_READY ? config.finish_fail : config.finish_pass;
		efi_network_stop();
		efi_tpm_close();
		efi_finish(&end, &report);
	}
	return v == VERDICT_NOT_READY ? EFI_NOT_READY : EFI_SUCCESS;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *system)
{
	efi_image = image;
	efi_system = system;
	efi_boot = system->BootServices;
	efi_runtime = system->RuntimeServices;
	/* UEFI 7.5: the boot manager arms a 5-minute watchdog; our own waits are bounded instead. */
	efi_boot->SetWatchdogTimer(0, 0, 0, NULL);
	return run();
}
