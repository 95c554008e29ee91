/* test_config_check.c - config.file: settings that could not be used are a finding; in factory mode a failure. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "checks/engine/engine.h"

static struct report report;

static const struct check_result *config_after_run(const char *source, const char *const *problems, int count,
						   bool factory)
{
	struct engine_options options;
	struct tpm_connection conn;
	memset(&conn, 0, sizeof(conn));
	conn.absence = TPM_ABSENT;
	engine_options_init(&options, 1800000000);
	options.config_source = source;
	options.config_problems = problems;
	options.config_problem_count = count;
	options.factory_mode = factory;
	report_init(&report, "test", "now");
	engine_run(&conn, &options, &report);
	return report_find(&report, CHECK_CONFIG_FILE);
}

static const char *const typo[] = { "config: strict: \"tpm.virtaul\" is not a check id (preflight list-checks names "
				     "them); the line is ignored" };

static void a_clean_file_passes(void **state)
{
	assert_int_equal(config_after_run("\\preflight\\preflight.conf", NULL, 0, true)->status, CHECK_PASS);
}

static void a_dropped_setting_warns_at_the_bench(void **state)
{
	const struct check_result *r = config_after_run("\\preflight\\preflight.conf", typo, 1, false);
	assert_int_equal(r->status, CHECK_WARN);
	assert_string_equal(r->reason, "settings-ignored");
	assert_non_null(strstr(r->details, "tpm.virtaul"));
}

static void a_dropped_setting_fails_a_factory_run(void **state)
{
	const struct check_result *r = config_after_run("\\preflight\\preflight.conf", typo, 1, true);
	assert_int_equal(r->status, CHECK_FAIL);
	assert_string_equal(r->reason, "factory-settings-ignored");
	assert_true(result_counts_as_failure(&report, r));
	assert_int_equal(report_verdict(&report), VERDICT_NOT_READY);
}

static void no_file_is_skipped(void **state)
{
	const struct check_result *r = config_after_run(NULL, NULL, 0, false);
	assert_int_equal(r->status, CHECK_SKIP);
	assert_string_equal(r->reason, "no-config-file");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_clean_file_passes),
		cmocka_unit_test(a_dropped_setting_warns_at_the_bench),
		cmocka_unit_test(a_dropped_setting_fails_a_factory_run),
		cmocka_unit_test(no_file_is_skipped),
	};
	return cmocka_run_group_tests_name("config_check", tests, NULL, NULL);
}
