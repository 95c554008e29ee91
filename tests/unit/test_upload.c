/* test_upload.c - the report upload: retries only when a later attempt can succeed, back-off doubling, the
 * Splunk HEC envelope, headers sent and never shown, and the header check. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checks/report/report_upload.h"

static int answers[8], calls;
static enum http_phase fail_phase;
static char last_body[512], last_headers[512], said[2048];
static uint32_t slept[8];
static int sleeps;

static int fake_send(const char *url, const struct http_options *o, const struct http_body *b, struct http_result *r)
{
	memset(r, 0, sizeof(*r));
	snprintf(last_body, sizeof(last_body), "%.*s", (int)b->len, (const char *)b->data);
	snprintf(last_headers, sizeof(last_headers), "%s", b->headers);
	int status = answers[calls++];
	if (status < 0) {
		r->failed = fail_phase;
		snprintf(r->error, sizeof(r->error), "no answer");
		failure_code_set(r->code, fail_phase == HTTP_REDIRECTS ? "HTTP-REDIRECT-CROSS-ORIGIN" : "TCP-TIMEOUT");
		return -1;
	}
	r->head.status = status;
	snprintf(r->head.reason, sizeof(r->head.reason), "%s", status == 201 ? "Created" : "Whatever");
	return 0;
}

static void fake_sleep(uint32_t ms)
{
	slept[sleeps++] = ms;
}

static void fake_say(const char *line)
{
	strncat(said, line, sizeof(said) - strlen(said) - 2);
	strcat(said, "\n");
}

static const struct upload_io io = { fake_send, fake_sleep, fake_say };

static void setup_run(const int *status, int n)
{
	memset(answers, 0, sizeof(answers));
	memcpy(answers, status, sizeof(int) * (size_t)n);
	calls = sleeps = 0;
	said[0] = 0;
	fail_phase = HTTP_CONNECT;
}

static struct upload_settings u;
static struct http_options o;
static char outcome[400];

/* Default settings for a collector at url. */
static void collector(const char *url)
{
	upload_settings_defaults(&u);
	http_options_defaults(&o);
	snprintf(u.url, sizeof(u.url), "%s", url);
}

static void retries_server_errors_with_back_off(void **state)
{
	collector("https://collector.test/c");
	snprintf(u.headers[u.header_count++], UPLOAD_HEADER_LEN, "Authorization: Bearer TOPSECRET");
	const int run[] = { -1, 503, 201 };
	setup_run(run, 3);
	assert_int_equal(report_upload(&u, &o, &io, "{\"a\":1}", 7, outcome, sizeof(outcome)), 0);
	assert_int_equal(calls, 3);
	assert_int_equal(sleeps, 2);
	assert_int_equal(slept[0], 2000);
	assert_int_equal(slept[1], 4000);
	assert_string_equal(last_body, "{\"a\":1}");
	assert_string_equal(last_headers, "Authorization: Bearer TOPSECRET\r\n");
	assert_non_null(strstr(outcome, "HTTP 201 Created"));
	assert_non_null(strstr(outcome, "attempt 3 of 3"));
	assert_null(strstr(said, "TOPSECRET"));
	assert_null(strstr(outcome, "TOPSECRET"));
}

static void client_errors_are_not_retried_and_attempts_are_bounded(void **state)
{
	collector("https://collector.test/c");
	const int denied[] = { 401, 201 };
	setup_run(denied, 2);
	assert_int_equal(report_upload(&u, &o, &io, "{}", 2, outcome, sizeof(outcome)), -1);
	assert_int_equal(calls, 1);
	assert_non_null(strstr(outcome, "HTTP 401"));
	const int busy[] = { 503, 429, 500, 201 };
	setup_run(busy, 4);
	assert_int_equal(report_upload(&u, &o, &io, "{}", 2, outcome, sizeof(outcome)), -1);
	assert_int_equal(calls, 3); /* attempts = 3 */
}

/* A redirect the client refused (another origin for the token) is a configuration problem: not retried. */
static void refused_redirect_is_not_retried(void **state)
{
	collector("https://collector.test/c");
	const int refused[] = { -1, 201 };
	setup_run(refused, 2);
	fail_phase = HTTP_REDIRECTS;
	assert_int_equal(report_upload(&u, &o, &io, "{}", 2, outcome, sizeof(outcome)), -1);
	assert_int_equal(calls, 1);
	assert_int_equal(sleeps, 0);
	assert_non_null(strstr(outcome, "redirects failed [HTTP-REDIRECT-CROSS-ORIGIN]: no answer"));
}

static void splunk_hec_envelope(void **state)
{
	collector("https://splunk.test:8088/services/collector/event");
	u.format = UPLOAD_SPLUNK_HEC;
	const int ok[] = { 200 };
	setup_run(ok, 1);
	assert_int_equal(report_upload(&u, &o, &io, "{\"verdict\":\"READY\"}", 19, outcome, sizeof(outcome)), 0);
	assert_string_equal(last_body, "{\"sourcetype\":\"tpm-preflight\",\"event\":{\"verdict\":\"READY\"}}");
}

static void header_check(void **state)
{
	const char *why;
	assert_int_equal(upload_header_check("Authorization: Splunk 1234", &why), 0);
	assert_int_equal(upload_header_check("X-Api-Key:abc", &why), 0);
	assert_int_equal(upload_header_check("no colon", &why), -1);
	assert_int_equal(upload_header_check(": empty name", &why), -1);
	assert_int_equal(upload_header_check("Bad Name: x", &why), -1);
	assert_int_equal(upload_header_check("X: a\r\nInjected: b", &why), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(retries_server_errors_with_back_off),
		cmocka_unit_test(client_errors_are_not_retried_and_attempts_are_bounded),
		cmocka_unit_test(refused_redirect_is_not_retried),
		cmocka_unit_test(splunk_hec_envelope),
		cmocka_unit_test(header_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
