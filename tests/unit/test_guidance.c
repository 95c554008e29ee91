/* test_guidance.c - what follows from an outcome: every check x status x reason, in the text and JSON reports, on
 * the result screen and in the compact summary. Pass and skip never show a fix or a prediction; warn, fail and error
 * always show the reason's own. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "checks/report/check_guidance.h"
#include "checks/report/report_render.h"
#include "checks/report/report_summary.h"
#include "checks/report/screen_layout.h"

static struct report r;
static struct check_result draft;
static const enum check_status statuses[] = { CHECK_PASS, CHECK_WARN, CHECK_FAIL, CHECK_SKIP, CHECK_ERROR };

/* The report rendered by one of the renderers, kept until the next call with the same buffer. */
static const char *rendered(void (*render)(const struct report *, struct strbuf *), char *text, size_t cap)
{
	struct strbuf out;
	strbuf_init(&out);
	render(&r, &out);
	snprintf(text, cap, "%s", strbuf_str(&out));
	strbuf_free(&out);
	return text;
}

static const char *rendered_text(void)
{
	static char text[16384];
	return rendered(report_render_text, text, sizeof(text));
}

static const char *rendered_json(void)
{
	static char text[16384];
	return rendered(report_render_json, text, sizeof(text));
}

static bool screen_shows(const struct check_result *res, const char *line)
{
	static struct screen s;
	screen_layout_details(res, 132, 60, &s);
	for (int i = 0; i < s.count; i++)
		if (strcmp(s.line[i].text, line) == 0)
			return true;
	return false;
}

/* One outcome alone in a report, rendered every way; what is shown must follow from status and reason only. */
static void check_one(const struct check_descriptor *d, enum check_status st, const struct check_reason *reason)
{
	report_init(&r, "test", "t");
	outcome_init(&draft, d->index);
	outcome_set(&draft, st, reason->id, "summary of %s", d->id);
	snprintf(draft.data_fix, sizeof(draft.data_fix), "%s", "the advisory's fix");
	snprintf(draft.data_predicts, sizeof(draft.data_predicts), "%s", "0x81039024 (the advisory's)");
	assert_true(report_commit(&r, &draft));
	const struct check_result *res = report_find(&r, d->index);
	struct guidance g = check_guidance(res);
	const char *text = rendered_text(), *json = rendered_json();
	bool shows = st == CHECK_WARN || st == CHECK_FAIL || st == CHECK_ERROR;
	const char *fix = reason->from_data ? "the advisory's fix" : reason->remediation;
	const char *predicts = reason->from_data ? "0x81039024 (the advisory's)" : reason->predicts;
	assert_string_equal(g.fix, shows ? fix : "");
	assert_string_equal(g.predicts, shows ? predicts : "");
	assert_int_equal(strstr(text, "\nFIX      ") != NULL, shows && fix[0]);
	assert_int_equal(strstr(text, "\nPREDICTS ") != NULL, shows && predicts[0]);
	assert_int_equal(screen_shows(res, "Fix:"), shows && fix[0]);
	assert_int_equal(screen_shows(res, "Windows would report:"), shows && predicts[0]);
	if (!shows) {
		assert_non_null(strstr(json, "\"remediation\": \"\""));
		assert_non_null(strstr(json, "\"predicts\": \"\""));
	}
	if (st != CHECK_PASS) { /* every result other than pass names its reason */
		char id[128];
		snprintf(id, sizeof(id), "\"reason\": \"%s/%s\"", d->id, reason->id);
		assert_non_null(strstr(json, id));
	} else {
		assert_non_null(strstr(json, "\"reason\": \"\""));
	}
}

static void every_check_status_and_reason(void **state)
{
	int reasons = 0;
	for (int id = 0; id < CHECK_COUNT; id++) {
		const struct check_descriptor *d = check_descriptor((enum check_id)id);
		for (const struct check_reason *reason = d->reasons; reason->id; reason++, reasons++)
			for (size_t k = 0; k < sizeof(statuses) / sizeof(statuses[0]); k++)
				check_one(d, statuses[k], reason);
		for (int f = 0; f < FACT_COUNT; f++) /* the missing-fact reasons every check can get */
			for (size_t k = 0; k < sizeof(statuses) / sizeof(statuses[0]); k++)
				check_one(d, statuses[k], check_missing_fact_reason((enum check_fact)f));
	}
	assert_true(reasons > 40);
}

/* A reason the catalogue lacks shows nothing rather than another reason's text. */
static void unknown_reason_shows_nothing(void **state)
{
	outcome_init(&draft, CHECK_EK_CERT_PRESENT);
	outcome_set(&draft, CHECK_FAIL, "no-such-reason", "x");
	struct guidance g = check_guidance(&draft);
	assert_string_equal(g.fix, "");
	assert_string_equal(g.predicts, "");
}

/* Reason ids are unique within a check, and the fact reasons do not collide with a check's own. */
static void reason_ids_are_unique(void **state)
{
	for (int id = 0; id < CHECK_COUNT; id++) {
		const struct check_descriptor *d = check_descriptor((enum check_id)id);
		for (const struct check_reason *a = d->reasons; a->id; a++) {
			for (const struct check_reason *b = a + 1; b->id; b++)
				assert_string_not_equal(a->id, b->id);
			for (int f = 0; f < FACT_COUNT; f++)
				assert_string_not_equal(a->id, check_missing_fact_reason((enum check_fact)f)->id);
		}
	}
}

/* A committed outcome stands: the same check cannot be committed twice. */
static void an_outcome_is_committed_once(void **state)
{
	report_init(&r, "test", "t");
	outcome_init(&draft, CHECK_EK_CERT_PRESENT);
	outcome_set(&draft, CHECK_PASS, NULL, "first");
	assert_true(report_commit(&r, &draft));
	outcome_set(&draft, CHECK_FAIL, "no-nv-index", "second");
	assert_false(report_commit(&r, &draft));
	assert_int_equal(r.count, 1);
	assert_string_equal(report_find(&r, CHECK_EK_CERT_PRESENT)->summary, "first");
	assert_int_equal(report_find(&r, CHECK_EK_CERT_PRESENT)->status, CHECK_PASS);
	assert_non_null(strstr(r.notes[0], "second outcome for ek.cert.present was refused"));
}

/* The regression: a passing ek.cert.present showed "replace the TPM" and a prediction. */
static void a_pass_never_shows_a_fix(void **state)
{
	report_init(&r, "test", "t");
	report_record(&r, CHECK_EK_CERT_PRESENT, CHECK_PASS, "no-nv-index", "RSA-2048 EK certificate at NV 0x01c00002");
	const char *text = rendered_text();
	assert_null(strstr(text, "FIX "));
	assert_null(strstr(text, "PREDICTS "));
	assert_null(strstr(text, "REASON "));
	char summary[REPORT_SUMMARY_MAX + 1];
	report_compact_summary(&r, summary, sizeof(summary));
	assert_null(strstr(summary, "0x8"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_check_status_and_reason),
		cmocka_unit_test(unknown_reason_shows_nothing),
		cmocka_unit_test(reason_ids_are_unique),
		cmocka_unit_test(an_outcome_is_committed_once),
		cmocka_unit_test(a_pass_never_shows_a_fix),
	};
	return cmocka_run_group_tests_name("guidance", tests, NULL, NULL);
}
