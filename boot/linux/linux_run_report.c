/* linux_run_report.c - see linux_run_report.h. */
#include "linux_run_report.h"
#include "linux_report_dir.h"
#include "checks/report/report_render.h"
#include <stdio.h>

static struct {
	struct report *report;
	const char *dir;
	char serial[64];
	long long started;
	struct linux_report_file file;
} run;

static void save_now(void)
{
	if (!run.dir)
		return;
	struct strbuf text, json;
	strbuf_init(&text);
	strbuf_init(&json);
	report_render_text(run.report, &text);
	report_render_json(run.report, &json);
	linux_save_report(&run.file, run.dir, run.serial, run.started, &text, &json, false); /* the final save speaks */
	strbuf_free(&text);
	strbuf_free(&json);
}

void run_report_begin(struct report *r, const char *dir, const char *serial, long long started)
{
	run.report = r;
	run.dir = dir;
	snprintf(run.serial, sizeof(run.serial), "%s", serial ? serial : "");
	run.started = started;
	run.file.stem[0] = 0;
	save_now();
}

void run_report_stage(const char *stage)
{
	if (!run.report)
		return;
	report_run_stage(run.report, "%s", stage);
	save_now();
}

void run_report_check(const char *check_id)
{
	if (run.report && report_run_check_started(run.report, check_id))
		save_now();
}

int run_report_final(const struct strbuf *text, const struct strbuf *json)
{
	if (!run.dir)
		return 0;
	return linux_save_report(&run.file, run.dir, run.serial, run.started, text, json, true);
}
