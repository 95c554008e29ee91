/* test_advisories.c - the advisory table: the built-in rows, a site's file, bad rows, matching. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "checks/trust/firmware_advisories.h"

static char problems[2048];
static void collect(void *ctx, const char *m)
{
	strcat(problems, m);
	strcat(problems, "|");
}

static const struct firmware_advisory *first_match(const struct advisory_list *l, const char *mfr, uint32_t fw1, bool only3072)
{
	for (size_t i = 0; i < l->count; i++)
		if (firmware_advisory_matches(&l->rows[i], mfr, fw1, only3072))
			return &l->rows[i];
	return NULL;
}

static void builtin_rows_match_the_documented_ranges(void **state)
{
	struct advisory_list *l = malloc(sizeof(*l));
	advisories_builtin(l);
	assert_true(l->count >= 10);
	const struct firmware_advisory *a = first_match(l, "IFX", 0x0007003D, false); /* 7.61: last vulnerable */
	assert_non_null(a);
	assert_string_equal(a->status, "fail");
	assert_non_null(strstr(a->predicts, "0x81039024"));
	assert_null(first_match(l, "IFX", 0x0007003E, false)); /* 7.62 fixed */
	assert_null(first_match(l, "IFX", 0x00070055, false)); /* 7.85 */
	assert_non_null(first_match(l, "IFX", 0x00850020, false)); /* 133.32 */
	assert_null(first_match(l, "STM", 0x0007003D, false)); /* another vendor */
	a = first_match(l, "IFX", 0x000F0016, false);           /* SLB9672 15.22 */
	assert_string_equal(a->status, "warn");
	a = first_match(l, "NTC", 0x00070002, true);
	assert_non_null(a);
	assert_true(a->ek_rsa3072_only);
	free(l);
}

static void site_file_rows_and_bad_rows(void **state)
{
	const char text[] = "# site rules\r\n"
			    "site-1\tIBM\tfirmware\t8217.0\t8217.65535\tfail\t0x81039024\tTest firmware blocked\tUpdate\tsite policy\r\n"
			    "too\tfew\tfields\n"
			    "bad-version\tIFX\tfirmware\t7\t8.0\tfail\tp\ts\tr\tsrc\n"
			    "bad-status\tIFX\tfirmware\t7.0\t8.0\tmaybe\tp\ts\tr\tsrc\n"
			    "backwards\tIFX\tfirmware\t8.0\t7.0\tfail\tp\ts\tr\tsrc\n";
	struct advisory_list *l = calloc(1, sizeof(*l));
	problems[0] = 0;
	advisories_parse(text, sizeof(text) - 1, l, collect, NULL);
	assert_int_equal(l->count, 1);
	assert_true(firmware_advisory_matches(&l->rows[0], "IBM", 0x20191023, false));
	assert_non_null(strstr(problems, "line 3 skipped: it needs 10"));
	assert_non_null(strstr(problems, "line 4 skipped: from/to"));
	assert_non_null(strstr(problems, "line 5 skipped: status"));
	assert_non_null(strstr(problems, "line 6 skipped: from/to"));
	free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(builtin_rows_match_the_documented_ranges),
		cmocka_unit_test(site_file_rows_and_bad_rows),
	};
	return cmocka_run_group_tests_name("advisories", tests, NULL, NULL);
}
