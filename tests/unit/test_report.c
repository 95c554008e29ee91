/* test_report.c - the report model, its text and JSON renderings, file names and UTC formatting. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checks/report/report_files.h"
#include "checks/util/utc_time.h"
#include "checks/report/report_render.h"
#include "checks/report/report_summary.h"
#include "checks/report/qr_matrix.h"
#include "checks/report/report_strict.h"

static struct report r;

static void verdict_follows_worst_status(void **state)
{
	report_init(&r, "test", "2026-01-01T00:00:00Z");
	report_record(&r, CHECK_TPM_PRESENT, CHECK_PASS, NULL, "ok");
	assert_int_equal(report_verdict(&r), VERDICT_READY);
	report_record(&r, CHECK_TPM_IDENTITY, CHECK_WARN, "fixed-properties-unreadable", "hmm");
	assert_int_equal(report_verdict(&r), VERDICT_READY_WITH_WARNINGS);
	report_record(&r, CHECK_TPM_SELFTEST, CHECK_ERROR, "command-failed", "x");
	assert_int_equal(report_verdict(&r), VERDICT_NOT_READY);
	assert_null(report_record(&r, CHECK_COUNT, CHECK_PASS, NULL, "no such check"));
}

static void json_escapes_everything_outside_printable_ascii(void **state)
{
	report_init(&r, "test", "t");
	struct check_result res;
	outcome_init(&res, CHECK_TPM_PRESENT);
	outcome_set(&res, CHECK_FAIL, "no-tpm", "quote \" backslash \\ tab \t");
	result_evidence(&res, "raw", "%s", "\x01\xff\n");
	report_commit(&r, &res);
	struct strbuf out;
	strbuf_init(&out);
	report_render_json(&r, &out);
	const char *j = strbuf_str(&out);
	assert_non_null(strstr(j, "\"summary\": \"quote \\\" backslash \\\\ tab \\u0009\""));
	assert_non_null(strstr(j, "\"raw\": \"\\u0001\\u00ff\\n\""));
	assert_non_null(strstr(j, "\"verdict\": \"NOT READY\""));
	assert_non_null(strstr(j, "\"summary\": \"TPMPF2|||NOT-READY|tpm.present||0x800705B4\""));
	assert_non_null(strstr(j, "\"schema\": \"" REPORT_SCHEMA "\""));
	assert_non_null(strstr(j, "\"predicts\": \"0x800705B4"));
	assert_non_null(strstr(j, "\"reason\": \"tpm.present/no-tpm\""));
	strbuf_free(&out);
}

static void text_lines_carry_stable_prefixes(void **state)
{
	report_init(&r, "test", "t");
	struct check_result res;
	outcome_init(&res, CHECK_TPM_PRESENT);
	outcome_set(&res, CHECK_FAIL, "no-tpm", "No TPM found");
	result_details(&res, "details here");
	result_evidence(&res, "transport", "crb");
	report_commit(&r, &res);
	report_note(&r, "config: something");
	struct strbuf out;
	strbuf_init(&out);
	report_render_text(&r, &out);
	const char *t = strbuf_str(&out);
	assert_non_null(strstr(t, "\nCHECK    FAIL  tpm.present "));
	assert_non_null(strstr(t, "\nDETAILS  tpm.present: details here\n"));
	assert_non_null(strstr(t, "\nEVIDENCE tpm.present: transport = crb\n"));
	assert_non_null(strstr(t, "\nREASON   tpm.present: tpm.present/no-tpm\n"));
	assert_non_null(strstr(t, "\nFIX      tpm.present: "));
	assert_non_null(strstr(t, "\nNOTE     config: something\n"));
	assert_non_null(strstr(t, "\nVERDICT  NOT READY\n"));
	strbuf_free(&out);
}

static void evidence_is_bounded(void **state)
{
	static struct check_result draft;
	struct check_result *res = &draft;
	outcome_init(res, CHECK_TPM_PRESENT);
	for (int i = 0; i < EVIDENCE_MAX + 5; i++)
		result_evidence(res, "k", "%d", i);
	assert_int_equal(res->evidence_count, EVIDENCE_MAX);
	assert_string_equal(res->evidence[0].key, "k");
	assert_string_equal(res->evidence[1].key, "k_2"); /* JSON member names stay unique */
	char big[1000];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	result_details(res, "%s", big);
	assert_int_equal(strlen(res->details), sizeof(res->details) - 1);
}

static void utc_conversions(void **state)
{
	char s[32];
	format_utc_iso(s, sizeof(s), 0);
	assert_string_equal(s, "1970-01-01T00:00:00Z");
	format_utc_iso(s, sizeof(s), 1795883400); /* 2026-11-28T16:30:00Z */
	assert_string_equal(s, "2026-11-28T16:30:00Z");
	format_utc_compact(s, sizeof(s), 951782400); /* leap day 2000 */
	assert_string_equal(s, "20000229T000000Z");
	assert_int_equal(civil_to_unix(2026, 11, 28, 16, 30, 0), 1795883400);
	assert_int_equal(civil_to_unix(2000, 2, 29, 0, 0, 0), 951782400);
}

static void report_names_are_safe_and_distinct(void **state)
{
	char a[128], b[128];
	report_file_stem(a, sizeof(a), "PF1A2B3C/..\\x y", 0, 1);
	assert_string_equal(a, "PF1A2B3C..xy-19700101T000000Z");
	report_file_stem(b, sizeof(b), "", 0, 2);
	assert_string_equal(b, "unknown-19700101T000000Z-2");
}

static void compact_summary_names_the_unit_failures_and_codes(void **state)
{
	char s[REPORT_SUMMARY_MAX + 1];
	report_init(&r, "test", "t");
	struct check_result info;
	outcome_init(&info, CHECK_PLATFORM_INFO);
	outcome_set(&info, CHECK_PASS, NULL, "identity");
	result_evidence(&info, "serial", "%s", "PF1|A,2\n");
	result_evidence(&info, "product", "%s", "ThinkPad X1");
	report_commit(&r, &info);
	report_record(&r, CHECK_TPM_PRESENT, CHECK_PASS, NULL, "ok");
	report_compact_summary(&r, s, sizeof(s));
	assert_string_equal(s, "TPMPF2|PF1_A_2_|ThinkPad X1|READY|||");
	report_record(&r, CHECK_CLOCK_SKEW, CHECK_WARN, "clock-off", "clock");
	report_record(&r, CHECK_EK_CHAIN, CHECK_FAIL, "issuer-missing", "chain");
	report_record(&r, CHECK_EK_CERT_VALIDITY, CHECK_ERROR, "expired", "validity");
	report_compact_summary(&r, s, sizeof(s));
	/* failures, then warnings in a field of their own; each code once, in the order the checks predict them */
	assert_string_equal(s, "TPMPF2|PF1_A_2_|ThinkPad X1|NOT-READY|ek.chain,ek.cert.validity|clock.skew|"
			       "0x80072F8F,0x80190190");
}

static void compact_summary_never_outgrows_a_qr_code(void **state)
{
	char s[REPORT_SUMMARY_MAX + 1], longest[300];
	memset(longest, 'W', sizeof(longest) - 1);
	longest[sizeof(longest) - 1] = 0;
	report_init(&r, "test", "t");
	static struct check_result o;
	outcome_init(&o, CHECK_PLATFORM_INFO);
	outcome_set(&o, CHECK_FAIL, "none", "identity");
	result_evidence(&o, "serial", "%s", longest);
	result_evidence(&o, "product", "%s", longest);
	report_commit(&r, &o);
	for (int id = CHECK_PLATFORM_SECURE_BOOT; id < CHECK_COUNT; id++) {
		outcome_init(&o, (enum check_id)id);
		const struct check_reason *first = check_descriptor((enum check_id)id)->reasons;
		outcome_set(&o, CHECK_FAIL, first->id ? first->id : "none", "x"); /* each check's own first reason */
		snprintf(o.data_predicts, sizeof(o.data_predicts), "0x8%07X and 0x9%07X", id, id);
		report_commit(&r, &o);
	}
	report_compact_summary(&r, s, sizeof(s));
	assert_true(strlen(s) <= REPORT_SUMMARY_MAX);
	assert_non_null(strstr(s, "|NOT-READY|platform.info,"));
	const char *more = strstr(s, ",+");
	assert_non_null(more); /* the ids that did not fit are counted */
	assert_true(atoi(more + 2) > 0);
	struct qr_matrix m; /* the longest summary still makes a version-10 code at level M (ISO/IEC 18004 table 7) */
	assert_int_equal(qr_matrix_make(s, &m), 0);
	assert_true(m.version <= 10);
	assert_int_equal(m.width, 17 + 4 * m.version);
	for (int i = 0; i < 7; i++) { /* finder patterns: dark 7x7 rings in three corners, the corner free */
		assert_true(qr_matrix_dark(&m, i, 0) && qr_matrix_dark(&m, 0, i) && qr_matrix_dark(&m, m.width - 1 - i, 0));
		assert_true(qr_matrix_dark(&m, i, m.width - 1) && qr_matrix_dark(&m, 6, i) && qr_matrix_dark(&m, i, 6));
		assert_false(qr_matrix_dark(&m, 7, i) || qr_matrix_dark(&m, m.width - 8, i));
	}
	assert_false(qr_matrix_dark(&m, -1, 0) || qr_matrix_dark(&m, m.width, 0));
	qr_matrix_free(&m);
}

static void strict_turns_only_listed_warnings_into_failures(void **state)
{
	bool strict[CHECK_COUNT] = { 0 };
	strict[CHECK_CLOCK_SKEW] = true;
	report_init(&r, "test", "t");
	report_record(&r, CHECK_CLOCK_SKEW, CHECK_WARN, "clock-off", "clock");
	report_record(&r, CHECK_TPM_VIRTUAL, CHECK_WARN, "virtual-tpm", "virtual");
	assert_int_equal(report_verdict(&r), VERDICT_READY_WITH_WARNINGS);
	report_apply_strict(&r, strict);
	/* the outcome stays a warning; the verdict counts it as a failure, and the report says so */
	assert_int_equal(r.results[0].status, CHECK_WARN);
	assert_true(result_counts_as_failure(&r, &r.results[0]));
	assert_false(result_counts_as_failure(&r, &r.results[1]));
	assert_int_equal(report_verdict(&r), VERDICT_NOT_READY);
	struct strbuf out;
	strbuf_init(&out);
	report_render_text(&r, &out);
	assert_non_null(strstr(strbuf_str(&out), "clock.skew/clock-off (strict: counts as a failure)"));
	strbuf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(verdict_follows_worst_status),
		cmocka_unit_test(json_escapes_everything_outside_printable_ascii),
		cmocka_unit_test(text_lines_carry_stable_prefixes),
		cmocka_unit_test(evidence_is_bounded),
		cmocka_unit_test(utc_conversions),
		cmocka_unit_test(report_names_are_safe_and_distinct),
		cmocka_unit_test(compact_summary_names_the_unit_failures_and_codes),
		cmocka_unit_test(compact_summary_never_outgrows_a_qr_code),
		cmocka_unit_test(strict_turns_only_listed_warnings_into_failures),
	};
	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
