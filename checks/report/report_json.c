/* report_json.c - the JSON report (docs/report-schema.md). */
#include "checks/report/report_render.h"
#include "checks/util/json_writer.h"
#include "checks/report/report_summary.h"
#include "checks/report/report_windows.h"
#include "checks/report/check_guidance.h"
#include "checks/report/beep_pattern.h"
#include <stdio.h>

static void render_result(struct json_writer *w, const struct report *r, const struct check_result *res)
{
	char reason[96] = "";
	struct guidance g = check_guidance(res);
	if (res->reason[0])
		snprintf(reason, sizeof(reason), "%s/%s", res->check->id, res->reason);
	json_begin_object(w, NULL);
	json_string(w, "id", res->check->id);
	json_string(w, "title", res->check->title);
	json_string(w, "status", check_status_name(res->status));
	json_string(w, "reason", reason);
	json_bool(w, "counts_as_failure", result_counts_as_failure(r, res));
	json_string(w, "summary", res->summary);
	json_string(w, "details", res->details);
	json_string(w, "remediation", g.fix);
	json_string(w, "predicts", g.predicts);
	json_string(w, "reference", res->check->reference);
	json_begin_object(w, "evidence");
	for (int i = 0; i < res->evidence_count; i++)
		json_string(w, res->evidence[i].key, res->evidence[i].value);
	json_end_object(w);
	json_end_object(w);
}

/* "windows": Get-Tpm's and tpmtool's terms (report_windows.h), with JSON's own booleans and numbers. */
static void render_windows(struct json_writer *w, const struct report *r)
{
	struct windows_term terms[WINDOWS_TERMS_MAX];
	json_begin_object(w, "windows");
	for (int i = 0, n = report_windows_terms(r, terms); i < n; i++) {
		if (terms[i].kind == WINDOWS_BOOL)
			json_bool(w, terms[i].name, terms[i].flag);
		else if (terms[i].kind == WINDOWS_NUMBER)
			json_int(w, terms[i].name, terms[i].number);
		else
			json_string(w, terms[i].name, terms[i].text);
	}
	json_end_object(w);
}

void report_render_json(const struct report *r, struct strbuf *out)
{
	struct json_writer w;
	json_init(&w, out);
	json_begin_object(&w, NULL);
	json_string(&w, "schema", REPORT_SCHEMA);
	json_begin_object(&w, "tool");
	json_string(&w, "name", "tpm-preflight");
	json_string(&w, "version", r->tool_version);
	json_string(&w, "front_end", r->front_end);
	json_end_object(&w);
	json_string(&w, "started_utc", r->started_utc);
	json_string(&w, "run_id", r->run_id);
	json_string(&w, "verdict", verdict_name(report_verdict(r)));
	json_bool(&w, "complete", r->run.complete);
	json_string(&w, "stage", r->run.stage);
	json_begin_object(&w, "unit");
	json_string(&w, "serial", report_serial(r));
	json_string(&w, "model", report_model(r));
	json_end_object(&w);
	json_string(&w, "settings", r->run.settings);
	json_string(&w, "beep", beep_state_name(r->beep));
	char summary[REPORT_SUMMARY_MAX + 1];
	report_compact_summary(r, summary, sizeof(summary));
	json_string(&w, "summary", summary);
	render_windows(&w, r);
	json_begin_array(&w, "checks");
	for (int i = 0; i < r->count; i++)
		render_result(&w, r, &r->results[i]);
	json_end_array(&w);
	json_begin_array(&w, "notes");
	for (int i = 0; i < r->note_count; i++)
		json_string(&w, NULL, r->notes[i]);
	json_end_array(&w);
	json_end_object(&w);
	strbuf_append(out, "\n");
}
