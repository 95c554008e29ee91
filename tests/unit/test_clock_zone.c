/* test_clock_zone.c - a firmware clock that holds local time, as Windows keeps it, is told from a wrong one. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "checks/engine/engine.h"
#include "checks/util/utc_offset.h"

enum { NOW = 1800000000 }; /* the local clock of every run */

static long long network_behind_s; /* local clock minus the network's time */

static int fake_sntp(const char *server, unsigned timeout_ms, struct sntp_result *r)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->server, sizeof(r->server), "%s", server);
	r->answer.unix_seconds = NOW - network_behind_s;
	r->answer.stratum = 1;
	return 0;
}

static const struct check_result *clock_after_run(long long skew_s, struct report *report)
{
	struct engine_options options;
	struct tpm_connection conn;
	memset(&conn, 0, sizeof(conn));
	conn.absence = TPM_ABSENT;
	network_behind_s = skew_s;
	engine_options_init(&options, NOW);
	options.sntp = fake_sntp;
	options.sntp_server = "ntp.test";
	report_init(report, "test", "now");
	engine_run(&conn, &options, report);
	return report_find(report, CHECK_CLOCK_SKEW);
}

static const char *evidence(const struct check_result *r, const char *key)
{
	for (int i = 0; i < r->evidence_count; i++)
		if (strcmp(r->evidence[i].key, key) == 0)
			return r->evidence[i].value;
	return NULL;
}

/* One hour ahead less a second (UTC+1, as the bench found it): a local clock that is right. */
static void utc_plus_one_is_local_time(void **state)
{
	static struct report report;
	const struct check_result *c = clock_after_run(3599, &report);
	assert_int_equal(c->status, CHECK_PASS);
	assert_non_null(strstr(c->summary, "local time (UTC+01:00)"));
	assert_non_null(strstr(evidence(c, "rtc_zone"), "UTC+01:00"));
}

static void utc_minus_five_is_local_time(void **state)
{
	static struct report report;
	const struct check_result *c = clock_after_run(-5 * 3600 + 2, &report);
	assert_int_equal(c->status, CHECK_PASS);
	assert_non_null(strstr(c->summary, "UTC-05:00"));
}

/* Nepal's +05:45, with the clock also 200 s fast: the zone is named and the rest warns. */
static void utc_plus_five_45_with_a_skew_warns_on_the_rest(void **state)
{
	static struct report report;
	const struct check_result *c = clock_after_run(5 * 3600 + 45 * 60 + 200, &report);
	assert_int_equal(c->status, CHECK_WARN);
	assert_string_equal(c->reason, "local-clock-off");
	assert_non_null(strstr(c->summary, "UTC+05:45"));
	assert_non_null(strstr(c->summary, "200 s ahead"));
}

/* 1000 s is no zone's offset: the clock is wrong, and by the whole amount. */
static void a_real_skew_fails(void **state)
{
	static struct report report;
	const struct check_result *c = clock_after_run(1000, &report);
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->reason, "clock-far-off");
	assert_non_null(strstr(c->summary, "1000 s ahead"));
	assert_null(evidence(c, "rtc_zone"));
}

/* A day off is beyond every zone (UTC-12:00 to UTC+14:00). */
static void a_day_off_is_no_zone(void **state)
{
	static struct report report;
	const struct check_result *c = clock_after_run(-86400, &report);
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->reason, "clock-far-off");
}

static void offsets_are_real_zones_only(void **state)
{
	int zone = 0;
	assert_true(utc_offset_match(3600, 300, &zone));
	assert_int_equal(zone, 60);
	assert_true(utc_offset_match(-(3 * 3600 + 1800) - 20, 300, &zone));
	assert_int_equal(zone, -210);
	assert_true(utc_offset_match(14 * 3600, 0, &zone));
	assert_int_equal(zone, 840);
	assert_false(utc_offset_match(15 * 60, 300, &zone)); /* no zone is 15 minutes from UTC */
	assert_false(utc_offset_match(3600 + 400, 300, &zone));
	assert_false(utc_offset_match(15 * 3600, 300, &zone));
	assert_false(utc_offset_match(100, 300, &zone)); /* near UTC: no zone at all */
	char text[16];
	format_utc_offset(text, sizeof(text), 345);
	assert_string_equal(text, "UTC+05:45");
	format_utc_offset(text, sizeof(text), -570);
	assert_string_equal(text, "UTC-09:30");
}

/* UEFI 2.10, 8.3: Localtime = UTC - TimeZone, so PST (TimeZone 480) at 12:00 is 20:00 UTC. */
static void firmware_zone_converts_to_utc(void **state)
{
	long long utc = rtc_time_to_unix(2026, 12, 2, 20, 0, 0, UTC_OFFSET_UNSPECIFIED);
	assert_int_equal(rtc_time_to_unix(2026, 12, 2, 12, 0, 0, 480), utc);
	assert_int_equal(rtc_time_to_unix(2026, 12, 2, 21, 0, 0, -60), utc);
	assert_int_equal(rtc_time_to_unix(2026, 12, 2, 20, 0, 0, 0), utc);
	assert_int_equal(rtc_time_to_unix(2026, 12, 2, 20, 0, 0, 5000), utc); /* out of range: read as given */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utc_plus_one_is_local_time),
		cmocka_unit_test(utc_minus_five_is_local_time),
		cmocka_unit_test(utc_plus_five_45_with_a_skew_warns_on_the_rest),
		cmocka_unit_test(a_real_skew_fails),
		cmocka_unit_test(a_day_off_is_no_zone),
		cmocka_unit_test(offsets_are_real_zones_only),
		cmocka_unit_test(firmware_zone_converts_to_utc),
	};
	return cmocka_run_group_tests_name("clock_zone", tests, NULL, NULL);
}
