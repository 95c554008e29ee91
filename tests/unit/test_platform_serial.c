/* test_platform_serial.c - platform.serial: an unset or placeholder SMBIOS serial number warns. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "checks/engine/engine.h"
#include "checks/engine/platform_facts.h"
#include "checks/util/serial_placeholder.h"

static void placeholders_are_known(void **state)
{
	static const char *const bad[] = { "", "   ", "To Be Filled By O.E.M.", "to be filled by o.e.m.", "Default string",
					   "System Serial Number", "Not Specified", "123456789", "00000000", "xxxxxxxx",
					   " None " };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_non_null(serial_problem(bad[i]));
	assert_string_equal(serial_problem(""), "unset");
	assert_string_equal(serial_problem("Default string"), "a placeholder");
	static const char *const good[] = { "PF-0042", "5CG1234XYZ", "MP1ABCDE", "0123456789A", "1" };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_null(serial_problem(good[i]));
}

static const struct check_result *serial_after_run(const char *serial, bool own_machine, struct report *report)
{
	static struct platform_facts facts;
	struct engine_options options;
	struct tpm_connection conn;
	memset(&conn, 0, sizeof(conn));
	conn.absence = TPM_ABSENT;
	platform_facts_init(&facts);
	snprintf(facts.serial, sizeof(facts.serial), "%s", serial);
	facts.of_the_tpms_machine = own_machine;
	engine_options_init(&options, 1800000000);
	options.platform = &facts;
	report_init(report, "test", "now");
	engine_run(&conn, &options, report);
	return report_find(report, CHECK_PLATFORM_SERIAL);
}

static void placeholder_serial_warns(void **state)
{
	static struct report report;
	const struct check_result *r = serial_after_run("To Be Filled By O.E.M.", true, &report);
	assert_int_equal(r->status, CHECK_WARN);
	assert_string_equal(r->reason, "serial-unset");
	assert_non_null(strstr(r->summary, "a placeholder (\"To Be Filled By O.E.M.\")"));
	r = serial_after_run("", true, &report);
	assert_int_equal(r->status, CHECK_WARN);
	assert_non_null(strstr(r->summary, "unset"));
}

static void real_serial_passes(void **state)
{
	static struct report report;
	const struct check_result *r = serial_after_run("PF-0042", true, &report);
	assert_int_equal(r->status, CHECK_PASS);
	assert_non_null(strstr(r->summary, "PF-0042"));
}

/* Linux against a swtpm: the host's serial says nothing about the TPM's unit. */
static void another_machines_serial_is_not_judged(void **state)
{
	static struct report report;
	const struct check_result *r = serial_after_run("", false, &report);
	assert_int_equal(r->status, CHECK_SKIP);
	assert_string_equal(r->reason, "not-this-machine");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(placeholders_are_known),
		cmocka_unit_test(placeholder_serial_warns),
		cmocka_unit_test(real_serial_passes),
		cmocka_unit_test(another_machines_serial_is_not_judged),
	};
	return cmocka_run_group_tests_name("platform_serial", tests, NULL, NULL);
}
