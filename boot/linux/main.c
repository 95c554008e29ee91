/*
 * main.c - the Linux command `preflight`: the same checks as the UEFI
 * application, against /dev/tpmrm0 or swtpm. Exit status: 0 ready (with or
 * without warnings), 1 not ready, 2 could not run (docs/linux.md).
 */
#include "checks/engine.h"
#include "checks/report_render.h"
#include "checks/report_files.h"
#include "linux_tpm.h"
#include "linux_report_dir.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { EXIT_READY = 0, EXIT_NOT_READY = 1, EXIT_CANNOT_RUN = 2 };

static void usage(FILE *to)
{
	fputs("usage: preflight check [--tpm device:PATH|swtpm:HOST:PORT|swtpm-unix:PATH] [--json]\n"
	      "                       [--report-dir DIR] [--strict]\n"
	      "       preflight list-checks\n"
	      "       preflight --version\n"
	      "Exit status: 0 ready, 1 not ready, 2 could not run.\n", to);
}

static void progress(const char *id, const char *title)
{
	fprintf(stderr, "preflight: checking %s (%s)\n", id, title);
}

struct check_options {
	const char *tpm;
	const char *report_dir;
	int json;
	int strict;
};

static int parse_check_options(int argc, char **argv, struct check_options *o)
{
	static const struct option longopts[] = {
		{ "tpm", required_argument, NULL, 't' }, { "json", no_argument, NULL, 'j' },
		{ "report-dir", required_argument, NULL, 'r' }, { "strict", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	memset(o, 0, sizeof(*o));
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 't': o->tpm = optarg; break;
		case 'j': o->json = 1; break;
		case 'r': o->report_dir = optarg; break;
		case 's': o->strict = 1; break;
		case 'h': usage(stdout); exit(EXIT_READY);
		default: return -1;
		}
	}
	return optind == argc ? 0 : -1;
}

static int exit_status(const struct report *r, int strict)
{
	enum verdict v = report_verdict(r);
	if (v == VERDICT_NOT_READY || (strict && v == VERDICT_READY_WITH_WARNINGS))
		return EXIT_NOT_READY;
	return EXIT_READY;
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
	struct tpm_connection conn;
	int opened = linux_tpm_open(o.tpm, &conn);
	engine_run(&conn, &report, progress);
	linux_tpm_close(&conn);

	struct strbuf text, json;
	strbuf_init(&text);
	strbuf_init(&json);
	report_render_text(&report, &text);
	report_render_json(&report, &json);
	fputs(strbuf_str(o.json ? &json : &text), stdout);
	int saved = o.report_dir ? linux_save_report(o.report_dir, now, &text, &json) : 0;
	strbuf_free(&text);
	strbuf_free(&json);
	if (opened != 0 || conn.unreachable || saved != 0)
		return EXIT_CANNOT_RUN;
	return exit_status(&report, o.strict);
}

static int list_checks(void)
{
	for (int i = 0; i < CHECK_COUNT; i++) {
		const struct check_descriptor *d = check_descriptor((enum check_id)i);
		printf("%s\t%s\t%s\t%s\n", d->id, d->title, d->predicts[0] ? d->predicts : "-", d->reference);
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
	if (strcmp(argv[1], "list-checks") == 0)
		return list_checks();
	fprintf(stderr, "preflight: unknown command \"%s\"\n", argv[1]);
	usage(stderr);
	return EXIT_CANNOT_RUN;
}
