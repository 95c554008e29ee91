/* test_net_random.c - the network is not started on a random source that fails or repeats itself (DNS ids, ports
 * and the NTP cookie would be predictable); a working source passes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "net/net_random.h"
#include "boot/platform.h"

static int failing(void *buf, size_t len)
{
	memset(buf, 0, len);
	return -1;
}

static int stuck(void *buf, size_t len) /* RDRAND after a resume on the affected CPUs: all ones, "successfully" */
{
	memset(buf, 0xff, len);
	return 0;
}

static int fails_second_time(void *buf, size_t len)
{
	static int calls;
	memset(buf, calls, len);
	return calls++ ? -1 : 0;
}

static void refuses_a_source_that_fails_or_repeats(void **state)
{
	char problem[300], code[FAILURE_CODE_MAX];
	assert_int_equal(net_random_check(failing, problem, sizeof(problem), code), -1);
	assert_non_null(strstr(problem, "not started"));
	assert_non_null(strstr(problem, "failed"));
	assert_string_equal(code, "NET-RANDOM-FAILED");
	assert_int_equal(net_random_check(stuck, problem, sizeof(problem), code), -1);
	assert_non_null(strstr(problem, "repeats itself"));
	assert_string_equal(code, "NET-RANDOM-REPEATS");
	assert_int_equal(net_random_check(fails_second_time, problem, sizeof(problem), code), -1);
	assert_string_equal(code, "NET-RANDOM-FAILED");
	problem[0] = code[0] = 0;
	assert_int_equal(net_random_check(platform_random, problem, sizeof(problem), code), 0);
	assert_string_equal(problem, "");
	assert_string_equal(code, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(refuses_a_source_that_fails_or_repeats) };
	return cmocka_run_group_tests_name("network random source", tests, NULL, NULL);
}
