/* report_text.c - the plain-text report: readable on a console, parseable by line prefix. */
#include "checks/report/report_render.h"
#include "checks/report/report_summary.h"
#include "checks/report/report_windows.h"
#include "checks/report/check_guidance.h"
#include "checks/report/beep_pattern.h"
#include <ctype.h>

static const char *upper_status(enum check_status s)
{
	switch (s) {
	case CHECK_PASS: return "PASS";
	case CHECK_WARN: return "WARN";
	case CHECK_FAIL: return "FAIL";
	case CHECK_SKIP: return "SKIP";
	case CHECK_ERROR: return "ERROR";
	}
	return "ERROR";
}

static void render_result(const struct report *r, const struct check_result *res, struct strbuf *out)
{
	strbuf_printf(out, "CHECK    %-5s %-22s %s\n", upper_status(res->status), res->check->id, res->summary);
	if (res->reason[0])
		strbuf_printf(out, "REASON   %s: %s/%s%s\n", res->check->id, res->check->id, res->reason,
			      res->status == CHECK_WARN && result_counts_as_failure(r, res) ? " (strict: counts as a failure)" : "");
	if (res->details[0])
		strbuf_printf(out, "DETAILS  %s: %s\n", res->check->id, res->details);
	for (int i = 0; i < res->evidence_count; i++)
		strbuf_printf(out, "EVIDENCE %s: %s = %s\n", res->check->id, res->evidence[i].key, res->evidence[i].value);
	struct guidance g = check_guidance(res);
	if (g.fix[0])
		strbuf_printf(out, "FIX      %s: %s\n", res->check->id, g.fix);
	if (g.predicts[0])
		strbuf_printf(out, "PREDICTS %s: %s\n", res->check->id, g.predicts);
}

void report_render_text(const struct report *r, struct strbuf *out)
{
	strbuf_printf(out, "PREFLIGHT tpm-preflight %s (%s) started %s\n", r->tool_version, r->front_end, r->started_utc);
	if (r->run.tracked)
		strbuf_printf(out, "RUN      %s serial %s model %s settings %s\n", r->run_id,
			      report_serial(r)[0] ? report_serial(r) : "unknown", report_model(r)[0] ? report_model(r) : "unknown",
			      r->run.settings[0] ? r->run.settings : "default");
	if (!r->run.complete)
		strbuf_printf(out, "INCOMPLETE the run did not finish: last stage reached %s, %d of %d checks done. A watchdog "
			      "reset, a power cut or a hang ended it; run the unit again (docs/factory.md).\n",
			      r->run.stage, r->count, CHECK_COUNT);
	for (int i = 0; i < r->note_count; i++)
		strbuf_printf(out, "NOTE     %s\n", r->notes[i]);
	for (int i = 0; i < r->count; i++)
		render_result(r, &r->results[i], out);
	struct windows_term terms[WINDOWS_TERMS_MAX];
	char value[96];
	for (int i = 0, n = report_windows_terms(r, terms); i < n; i++) {
		windows_term_value(&terms[i], value, sizeof(value));
		strbuf_printf(out, "WINDOWS  %s: %s\n", terms[i].name, value);
	}
	char summary[REPORT_SUMMARY_MAX + 1];
	report_compact_summary(r, summary, sizeof(summary));
	if (r->beep != BEEP_OFF)
		strbuf_printf(out, "BEEP     %s%s%s\n", beep_state_name(r->beep), r->beep == BEEP_SENT ? ": " : "",
			      r->beep == BEEP_SENT ? beep_pattern_text(report_verdict(r)) : "");
	strbuf_printf(out, "SUMMARY  %s\n", summary);
	strbuf_printf(out, "VERDICT  %s\n", verdict_name(report_verdict(r)));
}
