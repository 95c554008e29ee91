/* test_json_reader.c - the JSON reader on the tool's own output and on broken input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "checks/json_reader.h"
#include "checks/report_render.h"

static void reads_a_rendered_report(void **state)
{
	static struct report r;
	report_init(&r, "test", "2026-11-28T00:00:00Z");
	static struct check_result res;
	outcome_init(&res, CHECK_TPM_PRESENT);
	outcome_set(&res, CHECK_FAIL, "no-tpm", "No \"TPM\" \x01 found");
	result_evidence(&res, "transport", "crb");
	report_commit(&r, &res);
	struct strbuf out;
	strbuf_init(&out);
	report_render_json(&r, &out);
	struct json_doc doc;
	char why[120];
	assert_int_equal(json_parse(strbuf_str(&out), out.len, &doc, why, sizeof(why)), 0);
	assert_string_equal(json_member_text(&doc, 0, "verdict"), "NOT READY");
	int checks = json_member(&doc, 0, "checks");
	int first = doc.nodes[checks].first;
	assert_string_equal(json_member_text(&doc, first, "summary"), "No \"TPM\" \x01 found");
	assert_string_equal(json_member_text(&doc, json_member(&doc, first, "evidence"), "transport"), "crb");
	json_doc_free(&doc);
	strbuf_free(&out);
}

static void rejects_broken_text_with_an_offset(void **state)
{
	static const char *bad[] = { "", "{", "{\"a\":}", "[1,2", "\"abc", "{\"a\" 1}", "[1] 2", "tru", "\"\\x\"",
				     "[\"a\nb\"]", "{\"a\":\"\\u12G4\"}" };
	struct json_doc doc;
	char why[120];
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(json_parse(bad[i], strlen(bad[i]), &doc, why, sizeof(why)), -1);
		assert_non_null(strstr(why, "at byte"));
	}
	char deep[200];
	memset(deep, '[', sizeof(deep));
	assert_int_equal(json_parse(deep, sizeof(deep), &doc, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "nested too deeply"));
	static const char good[] = "{\"s\":\"\\ud83d\\u00e9\",\"n\":-1.5e3,\"t\":[true,false,null]}";
	assert_int_equal(json_parse(good, sizeof(good) - 1, &doc, why, sizeof(why)), 0);
	assert_string_equal(json_member_text(&doc, 0, "s"), "\xef\xbf\xbd\xc3\xa9");
	json_doc_free(&doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_a_rendered_report),
		cmocka_unit_test(rejects_broken_text_with_an_offset),
	};
	return cmocka_run_group_tests_name("json reader", tests, NULL, NULL);
}
