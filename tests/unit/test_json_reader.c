/* test_json_reader.c - the JSON reader on the tool's own output and on broken input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "checks/util/json_reader.h"
#include "checks/report/report_render.h"

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

/* The address space this process maps now (VmSize of /proc/self/status), in bytes. */
static size_t mapped_bytes(void)
{
	char line[128];
	size_t kib = 0;
	FILE *f = fopen("/proc/self/status", "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmSize: %zu kB", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib * 1024;
}

/*
 * 1 MiB of short strings in one array (a report merge reads files of up to 4 MiB): the memory the parse needs must
 * follow the strings, not the text after each. Run in a child whose address space may grow by 64 MiB only, so an
 * allocation per string sized by the rest of the document fails there (it needed gigabytes and took minutes).
 */
static void many_strings_parse_in_bounded_memory(void **state)
{
	enum { TEXT = 1024 * 1024, ITEM = 6 }; /* "abc", */
	size_t items = TEXT / ITEM;
	char *text = malloc(items * ITEM + 2);
	assert_non_null(text);
	text[0] = '[';
	for (size_t i = 0; i < items; i++)
		memcpy(text + 1 + i * ITEM, "\"abc\",", ITEM);
	text[items * ITEM] = ']'; /* replaces the last comma */
	size_t len = items * ITEM + 1;
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		struct rlimit limit = { mapped_bytes() + 64 * 1024 * 1024, RLIM_INFINITY };
		struct json_doc doc;
		char why[120];
		if (setrlimit(RLIMIT_AS, &limit) != 0)
			_exit(3);
		int r = json_parse(text, len, &doc, why, sizeof(why));
		if (r == 0 && (doc.count != (int)items + 1 || strcmp(doc.nodes[doc.count - 1].text, "abc") != 0))
			r = 2;
		if (r != 0)
			fprintf(stderr, "json_parse: %s\n", r == 2 ? "wrong nodes" : why);
		_exit(r == 0 ? 0 : 1);
	}
	int status = 0;
	assert_int_equal(waitpid(child, &status, 0), child);
	free(text);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_a_rendered_report),
		cmocka_unit_test(rejects_broken_text_with_an_offset),
		cmocka_unit_test(many_strings_parse_in_bounded_memory),
	};
	return cmocka_run_group_tests_name("json reader", tests, NULL, NULL);
}
