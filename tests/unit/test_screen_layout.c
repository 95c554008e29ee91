/* test_screen_layout.c - the result screen fits 80x25 (and larger), lists what needs attention first. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "checks/report/screen_layout.h"

static struct report r;

static void fill(void)
{
	report_init(&r, "test", "2026-11-28T00:00:00Z");
	static struct check_result identity;
	report_record(&r, CHECK_PLATFORM_INFO, CHECK_PASS, NULL, "Contoso Bench PC 5");
	outcome_init(&identity, CHECK_TPM_IDENTITY);
	outcome_set(&identity, CHECK_PASS, NULL, "IFX TPM 2.0");
	result_evidence(&identity, "manufacturer", "IFX");
	result_evidence(&identity, "vendor_string", "SLB9670");
	result_evidence(&identity, "firmware_version", "7.85.4555.0");
	result_evidence(&identity, "family", "2.0");
	report_commit(&r, &identity);
	report_record(&r, CHECK_TPM_VIRTUAL, CHECK_WARN, "virtual-tpm", "Virtual TPM (manufacturer IBM)");
	for (int id = CHECK_TPM_PRESENT; id < CHECK_COUNT && r.count < 26; id++)
		if (id != CHECK_TPM_VIRTUAL && id != CHECK_PLATFORM_INFO && id != CHECK_TPM_IDENTITY)
			report_record(&r, (enum check_id)id, id == CHECK_AIK_AUTHORITY ? CHECK_FAIL : CHECK_PASS, "removed",
				   "a summary that is rather long so that it will certainly need to be cut at the edge of the screen");
}

static void summary_fits_80x25(void **state)
{
	struct screen s;
	fill();
	screen_layout_summary(&r, "Contoso Bench PC 5 Gen 2  serial PF-0042", 0, 79, 25, &s);
	assert_true(s.count <= 25);
	for (int i = 0; i < s.count; i++)
		assert_true(strlen(s.line[i].text) <= 79);
	/* the header stays clear of the countdown's columns, wrapped rather than cut: the serial is whole */
	int b = 0;
	while (b < s.count && s.line[b].kind != LINE_BANNER)
		b++;
	assert_true(b >= 1 && b < s.count);
	for (int i = 0; i < b; i++)
		assert_true(strlen(s.line[i].text) <= 79 - SCREEN_COUNTDOWN_COLS);
	assert_non_null(strstr(s.line[b - 1].text, "PF-0042"));
	assert_string_equal(s.line[b].text, "NOT READY");
	assert_non_null(strstr(s.line[b + 1].text, "need attention"));
	/* the essentials without opening a check: the TPM as Windows shows it, the AIK URL */
	assert_string_equal(s.line[b + 2].text, "TPM  IFX SLB9670, firmware 7.85.4555.0, TPM 2.0");
	assert_non_null(strstr(s.line[b + 3].text, "AIK  a summary that is rather long"));
	/* the failure first and selected, its summary wrapped rather than cut, the warning after it, then passes */
	int at = b + 3;
	while (at < s.count && s.line[at].kind != LINE_SELECTED)
		at++;
	assert_non_null(strstr(s.line[at].text, "FAIL  aik.authority.listed"));
	assert_true(strncmp(s.line[at + 1].text, "                               certainly", 40) == 0);
	int warn = at + 1;
	while (warn < s.count && !strstr(s.line[warn].text, "WARN  tpm.virtual"))
		warn++;
	assert_true(warn < s.count);
	assert_non_null(strstr(s.line[warn - 1].text, "screen")); /* the whole summary, no cut */
	assert_int_equal(s.line[warn + 1].kind, LINE_PASS);
	assert_int_equal(s.line[s.count - 1].kind, LINE_KEYS);
	assert_non_null(strstr(s.line[s.count - 1].text, "Enter details"));
}

/* A report that did not reach the stick keeps a banner under the verdict, and the counts line says so. */
static void delivery_failure_stays_on_the_screen(void **state)
{
	struct screen s;
	fill();
	report_delivery(&r, "NOT SAVED to the stick (%s)", "Write Protected");
	screen_layout_summary(&r, "x", 0, 79, 25, &s);
	assert_int_equal(s.line[2].kind, LINE_FAIL);
	assert_non_null(strstr(s.line[2].text, "NOT SAVED to the stick (Write Protected) - photograph"));
	assert_non_null(strstr(s.line[3].text, "report NOT delivered"));
	report_delivery(&r, "%s", "");
	screen_layout_summary(&r, "x", 0, 79, 25, &s);
	assert_null(strstr(s.line[2].text, "NOT SAVED"));
}

static void selection_scrolls_and_details_wrap(void **state)
{
	struct screen s;
	fill();
	screen_layout_summary(&r, "x", 1, 79, 12, &s); /* a tiny console still holds banner, selection and keys */
	assert_true(s.count <= 12);
	int selected = -1;
	for (int i = 0; i < s.count; i++)
		if (s.line[i].kind == LINE_SELECTED)
			selected = i;
	assert_true(selected > 0);
	assert_non_null(strstr(s.line[selected].text, "tpm.virtual"));
	const struct check_result *fail = report_find(&r, CHECK_AIK_AUTHORITY);
	screen_layout_details(fail, 60, 25, &s);
	for (int i = 0; i < s.count; i++)
		assert_true(strlen(s.line[i].text) <= 60);
	bool fix = false, predicts = false;
	for (int i = 0; i < s.count; i++) {
		fix |= strcmp(s.line[i].text, "Fix:") == 0;
		predicts |= strcmp(s.line[i].text, "Windows would report:") == 0;
	}
	assert_true(fix && predicts);
}

static void mode_choice_prefers_more_rows_of_readable_width(void **state)
{
	/* OVMF at 800x600 offers 80x25, 80x50, 100x31; a 1920x1080 panel adds 240x56 */
	const int cols[] = { 80, 80, 100, 240, 0 }, rows[] = { 25, 50, 31, 56, 0 };
	assert_int_equal(screen_pick_mode(cols, rows, 5, 0), 1);
	assert_int_equal(screen_pick_mode(cols + 2, rows + 2, 3, 0), 0); /* 100x31 is the best of the rest */
	const int tiny_cols[] = { 40, 0 }, tiny_rows[] = { 20, 0 };
	assert_int_equal(screen_pick_mode(tiny_cols, tiny_rows, 2, 1), 1); /* nothing usable: keep the current one */
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(summary_fits_80x25),
					    cmocka_unit_test(delivery_failure_stays_on_the_screen), cmocka_unit_test(selection_scrolls_and_details_wrap),
					    cmocka_unit_test(mode_choice_prefers_more_rows_of_readable_width) };
	return cmocka_run_group_tests_name("screen layout", tests, NULL, NULL);
}
