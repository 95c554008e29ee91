/*
 * main.c - the Linux command `preflight`: the same checks as the UEFI
 * application, against /dev/tpmrm0 or swtpm. Exit status: 0 ready (with or
 * without warnings), 1 not ready, 2 could not run (docs/linux.md).
 */
#include "checks/config/config.h"
#include "checks/engine/engine.h"
#include "checks/report/report_upload.h"
#include "boot/platform.h"
#include "checks/report/report_render.h"
#include "checks/report/report_strict.h"
#include "checks/util/utc_time.h"
#include "checks/trust/trust_store.h"
#include "checks/trust/firmware_advisories.h"
#include "linux_files.h"
#include "upload_header_file.h"
#include "checks/trust/cab_refresh.h"
#include "cab_replace_posix.h"
#include "net/net_probe.h"
#include "linux_platform_facts.h"
#include "linux_tpm.h"
#include "checks/tpm/tpm_random.h"
#include "linux_run_report.h"
#include "linux_beep.h"
#include "commands.h"
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage(FILE *to)
{
	fputs("usage: preflight check [--tpm device:PATH|swtpm:HOST:PORT|swtpm-unix:PATH] [--trust FILE] [--json]\n"
	      "                       [--report-dir DIR] [--strict] [--virtual-tpm-warn] [--advisories FILE] [--beep]\n"
	      "                       [--activation-key ecc|rsa] [--enrol-aik]\n"
	      "                       [--offline] [--ca FILE] [--connect-to HOST:ADDR:PORT]... [--clock-url URL]\n"
	      "                       [--clock-warn SECONDS] [--clock-fail SECONDS] [--refresh-cab [--cab-url URL]]\n"
	      "                       [--cab-max-age-days DAYS]\n"
	      "                       [--proxy http://[user:password@]host:port] [--sntp-server HOST[:PORT]|off]\n"
	      "                       [--upload URL [--upload-header 'Name: value']... [--upload-header-file FILE]\n"
	      "                        [--upload-format raw|splunk-hec] [--upload-attempts N]]\n"
	      "       preflight ek-verify --cert FILE [--cert FILE...] [--trust FILE] [--manufacturer MFR] [--json]\n"
	      "       preflight cab-info --trust FILE [--keyid MFR-keyid-HEX] [--files] [--json]\n"
	      "       preflight report merge DIR... [--csv FILE] [--sqlite FILE]\n"
	      "       preflight fetch URL [--ca FILE] [--connect-to HOST:ADDR:PORT] [--timeout-ms N] [--max-body BYTES]\n"
	      "       preflight list-checks [--markdown]\n"
	      "       preflight --version\n"
	      "Exit status: 0 ready, 1 not ready, 2 could not run.\n", to);
}

static void progress(const char *id, const char *title)
{
	fprintf(stderr, "preflight: checking %s (%s)\n", id, title);
	run_report_check(id);
}

static void finished(const char *id, const char *status, unsigned elapsed_ms)
{
	fprintf(stderr, "preflight: %s: %s in %u ms\n", id, status, elapsed_ms);
}

struct check_options {
	const char *tpm;
	const char *trust;
	const char *advisories;
	const char *report_dir;
	int json;
	int strict;
	int beep;
	int virtual_tpm_warn;
	int offline;
	struct http_options http;
	const char *clock_url;
	unsigned clock_warn_s, clock_fail_s;
	int refresh_cab;
	const char *cab_url;
	const char *sntp_server;
	struct config upload; /* only its upload settings, activation_key and aik_enrol: the same keys as preflight.conf */
};

static void print_problem(void *ctx, const char *message)
{
	fprintf(stderr, "preflight: %s\n", message);
}

static int parse_check_options(int argc, char **argv, struct check_options *o)
{
	static const struct option longopts[] = {
		{ "tpm", required_argument, NULL, 't' }, { "json", no_argument, NULL, 'j' },
		{ "trust", required_argument, NULL, 'T' }, { "virtual-tpm-warn", no_argument, NULL, 'v' },
		{ "advisories", required_argument, NULL, 'a' }, { "offline", no_argument, NULL, 'o' },
		{ "ca", required_argument, NULL, 'c' }, { "connect-to", required_argument, NULL, 'C' },
		{ "clock-url", required_argument, NULL, 'u' }, { "clock-warn", required_argument, NULL, 'w' },
		{ "clock-fail", required_argument, NULL, 'f' }, { "refresh-cab", no_argument, NULL, 'R' },
		{ "cab-url", required_argument, NULL, 'U' }, { "proxy", required_argument, NULL, 'P' },
		{ "report-dir", required_argument, NULL, 'r' }, { "strict", no_argument, NULL, 's' },
		{ "sntp-server", required_argument, NULL, 'N' }, { "upload", required_argument, NULL, 'L' },
		{ "upload-header", required_argument, NULL, 'H' }, { "upload-format", required_argument, NULL, 'F' },
		{ "upload-attempts", required_argument, NULL, 'A' }, { "upload-header-file", required_argument, NULL, 'K' },
		{ "cab-max-age-days", required_argument, NULL, 'D' },
		{ "activation-key", required_argument, NULL, 'k' }, { "beep", no_argument, NULL, 'B' },
		{ "enrol-aik", no_argument, NULL, 'E' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	memset(o, 0, sizeof(*o));
	http_options_defaults(&o->http);
	config_defaults(&o->upload);
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 't': o->tpm = optarg; break;
		case 'j': o->json = 1; break;
		case 'r': o->report_dir = optarg; break;
		case 's': o->strict = 1; break;
		case 'B': o->beep = 1; break;
		case 'E': o->upload.aik_enrol = true; break; /* preflight.conf's aik_enrol = on */
		case 'T': o->trust = optarg; break;
		case 'v': o->virtual_tpm_warn = 1; break;
		case 'a': o->advisories = optarg; break;
		case 'o': o->offline = 1; break;
		case 'c': o->http.ca_file = optarg; break;
		case 'u': o->clock_url = optarg; break;
		case 'w': o->clock_warn_s = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'f': o->clock_fail_s = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'R': o->refresh_cab = 1; break;
		case 'U': o->cab_url = optarg; break;
		case 'N': o->sntp_server = optarg; break;
		case 'D': /* preflight.conf's key, checked the same way; kept in the settings struct the upload keys use */
			if (config_set(&o->upload, "cab_max_age_days", optarg, print_problem, NULL) != 0)
				return -1;
			break;
		case 'L': case 'H': case 'F': case 'A': {
			const char *key = c == 'L' ? "upload_url" : c == 'H' ? "upload_header" : c == 'F' ? "upload_format"
												 : "upload_attempts";
			if (config_set_upload(&o->upload, key, optarg, print_problem, NULL) != 0)
				return -1;
			break;
		}
		case 'k':
			if (config_set(&o->upload, "activation_key", optarg, print_problem, NULL) != 0)
				return -1;
			break;
		case 'K': /* the token in a file, not in argv where every user can read it */
			if (upload_header_file(&o->upload, optarg, print_problem, NULL) != 0)
				return -1;
			break;
		case 'P': {
			const char *why;
			if (http_options_proxy(&o->http, optarg, &why) != 0) {
				fprintf(stderr, "preflight: --proxy: %s\n", why);
				return -1;
			}
			break;
		}
		case 'C':
			if (http_options_connect_to(&o->http, optarg) != 0)
				return -1;
			break;
		case 'h': usage(stdout); exit(EXIT_READY);
		default: return -1;
		}
	}
	return optind == argc ? 0 : -1;
}

/* The exit status is the saved verdict's: --strict made every warning count before the report was written. */
static int exit_status(const struct report *r)
{
	return report_verdict(r) == VERDICT_NOT_READY ? EXIT_NOT_READY : EXIT_READY;
}

/* TrustedTpm.cab, a site's advisories and the network settings into the engine's options. */
static int prepare_options(const struct check_options *o, struct engine_options *options, struct trust_store *store,
			   uint8_t **advisories)
{
	char why[200];
	size_t len = 0;
	options->progress = progress;
	options->finished = finished;
	options->virtual_tpm_warn = o->virtual_tpm_warn;
	options->activation_key = o->upload.activation_key;
	options->aik_enrol = o->upload.aik_enrol;
	if (o->trust) {
		snprintf(options->store_name, sizeof(options->store_name), "%s", o->trust);
		options->store_given = true;
		bool have = open_trust_file(o->trust, store, options->store_problem, sizeof(options->store_problem)) == 0;
		if (o->refresh_cab && !o->offline) {
			progress("trust.cab", "downloading the current TrustedTpm.cab");
			struct cab_save save = { cab_replace_posix, (void *)o->trust };
			if (cab_refresh(o->cab_url ? o->cab_url : TRUSTED_TPM_CAB_URL, &o->http, http_get, &save, options->now,
					store, &have, options->store_refresh, sizeof(options->store_refresh)) == 1)
				options->store_problem[0] = 0;
		}
		if (have)
			options->store = store;
	} else {
		snprintf(options->store_problem, sizeof(options->store_problem), "no --trust FILE given");
	}
	*advisories = NULL;
	if (o->advisories && read_file_capped(o->advisories, ADVISORY_FILE_MAX, advisories, &len, why, sizeof(why)) != 0) {
		fprintf(stderr, "preflight: %s\n", why);
		return -1;
	}
	options->extra_advisories = (const char *)*advisories;
	options->extra_advisories_len = len;
	options->http = o->http;
	if (o->clock_url)
		options->clock_url = o->clock_url;
	if (o->clock_warn_s)
		options->clock_warn_s = o->clock_warn_s;
	if (o->clock_fail_s)
		options->clock_fail_s = o->clock_fail_s;
	options->cab_max_age_days = o->upload.cab_max_age_days;
	if (o->offline) {
		snprintf(options->offline_reason, sizeof(options->offline_reason), "offline (--offline)");
	} else {
		options->fetch = http_get;
		options->send = http_send;
		options->probe = net_probe_https;
		if (!o->sntp_server || strcmp(o->sntp_server, "off") != 0)
			options->sntp = sntp_query;
		if (o->sntp_server)
			options->sntp_server = o->sntp_server;
	}
	return 0;
}

static void say(const char *line)
{
	fprintf(stderr, "preflight: %s\n", line);
}

/* Sends the JSON report to the --upload collector; 0 when delivered or not asked. */
static int upload(const struct check_options *o, const struct engine_options *options, const struct strbuf *json)
{
	const struct upload_settings *u = &o->upload.upload;
	if (!u->url[0])
		return 0;
	if (o->offline) {
		fprintf(stderr, "preflight: --upload: not sent, --offline\n");
		return -1;
	}
	static const struct upload_io io = { http_send, platform_sleep_ms, say };
	char outcome[400];
	int rc = report_upload(u, &options->http, &io, strbuf_str(json), strlen(strbuf_str(json)), outcome, sizeof(outcome));
	fprintf(stderr, "preflight: upload %s: %s\n", rc == 0 ? "sent" : "NOT sent", outcome);
	return rc;
}

/* Prints the report (text or JSON), saves both forms and uploads the JSON when asked; 0 when all asked for worked. */
static int emit(const struct report *report, const struct check_options *o, const struct engine_options *options)
{
	struct strbuf text, json;
	strbuf_init(&text);
	strbuf_init(&json);
	report_render_text(report, &text);
	report_render_json(report, &json);
	fputs(strbuf_str(o->json ? &json : &text), stdout);
	fflush(stdout);
	int saved = run_report_final(&text, &json);
	if (upload(o, options, &json) != 0)
		saved = -1;
	strbuf_free(&text);
	strbuf_free(&json);
	return saved;
}

/* The settings the report names (config_describe's words for the UEFI application's); nothing secret. */
static void describe(const struct check_options *o, char *out, size_t len)
{
	snprintf(out, len, "tpm=%s network=%s strict=%s upload=%s beep=%s%s", o->tpm ? o->tpm : "device:/dev/tpmrm0",
		 o->offline ? "off" : "on", o->strict ? "all" : "off", o->upload.upload.url[0] ? "on" : "off",
		 o->beep ? "on" : "off", o->upload.aik_enrol ? " aik_enrol=on" : "");
}

/* The machine's serial and model before any TPM or network work: the report on disk names its unit from the start. */
static void begin_report(struct report *report, const struct check_options *o, long long now)
{
	struct platform_facts early;
	char settings[240];
	linux_platform_facts(&early, false);
	describe(o, settings, sizeof(settings));
	report_run_begin(report, early.serial, early.product, settings);
	run_report_begin(report, o->report_dir, early.serial, now);
}

static int run_check(int argc, char **argv)
{
	struct check_options o;
	if (parse_check_options(argc, argv, &o) != 0) {
		usage(stderr);
		return EXIT_CANNOT_RUN;
	}
	long long now = (long long)time(NULL);
	char started[32];
	format_utc_iso(started, sizeof(started), now);
	static struct report report;
	report_init(&report, "linux", started);
	begin_report(&report, &o, now);
	struct engine_options options;
	struct trust_store store;
	uint8_t *advisories;
	engine_options_init(&options, now);
	run_report_stage("trust store");
	if (prepare_options(&o, &options, &store, &advisories) != 0)
		return EXIT_CANNOT_RUN;
	run_report_stage("tpm connection");
	struct tpm_connection conn;
	int opened = linux_tpm_open(o.tpm, &conn);
	struct tpm_random_source generator = { 0 }; /* used only if getrandom fails (boot/platform_random.c) */
	if (conn.transport && tpm_random_source_open(&generator, conn.transport) == 0)
		platform_random_fallback(tpm_random_source_fill, &generator, "TPM2_GetRandom");
	struct platform_facts facts;
	linux_platform_facts(&facts, conn.transport && strcmp(conn.transport_name, "device") == 0);
	options.platform = &facts;
	engine_run(&conn, &options, &report);
	if (o.strict) { /* strict = all, as preflight.conf says it */
		bool all[CHECK_COUNT];
		for (int i = 0; i < CHECK_COUNT; i++)
			all[i] = true;
		report_apply_strict(&report, all);
	}
	report_run_end(&report);
	report.beep = o.beep ? linux_beep_available() : BEEP_OFF;
	platform_random_fallback(NULL, NULL, NULL);
	tpm_random_source_close(&generator);
	linux_tpm_close(&conn);
	if (options.store)
		trust_store_close(&store);
	free(advisories);
	int saved = emit(&report, &o, &options);
	linux_beep(&report);
	if (opened != 0 || conn.unreachable || saved != 0)
		return EXIT_CANNOT_RUN;
	return exit_status(&report);
}

static void list_reasons_markdown(const struct check_descriptor *d)
{
	for (const struct check_reason *r = d->reasons; r->id; r++)
		if (r->remediation[0] || r->predicts[0] || r->from_data)
			printf("| `%s/%s` | %s | %s |\n", d->id, r->id, r->from_data ? "the advisory's own fix" : r->remediation,
			       r->from_data ? "the advisory's own" : r->predicts[0] ? r->predicts : "-");
		else
			printf("| `%s/%s` | (a skip: no fix) | - |\n", d->id, r->id);
}

/* Tab-separated, or with --markdown the page docs/checks.md is made of (`make docs`): the checks, then each check's
 * reasons with their fixes and predictions. */
static int list_checks(int argc, char **argv)
{
	bool markdown = argc > 2 && strcmp(argv[2], "--markdown") == 0;
	if (markdown)
		printf("# Checks\n\nGenerated by `preflight list-checks --markdown` from checks/table/check_table.c and "
		       "checks/table/check_reasons.c.\n\n| id | title | reads | source |\n|---|---|---|---|\n");
	for (int i = 0; i < CHECK_COUNT; i++) {
		const struct check_descriptor *d = check_descriptor((enum check_id)i);
		if (markdown)
			printf("| `%s` | %s | %s | %s |\n", d->id, d->title, d->needs, d->reference);
		else
			printf("%s\t%s\t%s\n", d->id, d->title, d->reference);
	}
	if (!markdown)
		return EXIT_READY;
	printf("\n## Reasons\n\nEvery result other than pass names a reason, `<check>/<reason>`; a warn, fail or error "
	       "shows the reason's own fix and the Windows error it predicts (pass and skip show neither). A check whose "
	       "fact is missing gets `<check>/no-<fact>` (a skip, or an error when the TPM answered but its state could "
	       "not be read), or `<check>/tpm-failure-mode` once the TPM is in failure mode.\n\n| reason | fix | predicts |\n|---|---|---|\n");
	for (int i = 0; i < CHECK_COUNT; i++)
		list_reasons_markdown(check_descriptor((enum check_id)i));
	for (int f = 0; f < FACT_COUNT; f++) { /* the missing facts that make an error, with their fix */
		const struct check_reason *r = check_missing_fact_reason((enum check_fact)f);
		if (r->remediation[0])
			printf("| `<check>/%s` | %s | %s |\n", r->id, r->remediation, r->predicts[0] ? r->predicts : "-");
	}
	return EXIT_READY;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_CANNOT_RUN;
	}
	if (strcmp(argv[1], "--version") == 0) {
		struct report r;
		report_init(&r, "linux", "");
		printf("tpm-preflight %s\n", r.tool_version);
		return EXIT_READY;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_READY;
	}
	if (strcmp(argv[1], "check") == 0)
		return run_check(argc - 1, argv + 1);
	if (strcmp(argv[1], "ek-verify") == 0)
		return cmd_ek_verify(argc - 1, argv + 1);
	if (strcmp(argv[1], "fetch") == 0)
		return cmd_fetch(argc - 1, argv + 1);
	if (strcmp(argv[1], "report") == 0)
		return cmd_report_merge(argc - 1, argv + 1);
	if (strcmp(argv[1], "cab-info") == 0)
		return cmd_cab_info(argc - 1, argv + 1);
	if (strcmp(argv[1], "list-checks") == 0)
		return list_checks(argc, argv);
	fprintf(stderr, "preflight: unknown command \"%s\"\n", argv[1]);
	usage(stderr);
	return EXIT_CANNOT_RUN;
}
