/* test_windows_terms.c - the report in Get-Tpm's and tpmtool's terms, text and JSON. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "checks/report/report_render.h"
#include "checks/report/report_windows.h"
#include "checks/util/strbuf.h"

static struct report report;

static void commit(enum check_id id, enum check_status status, const char *const *evidence)
{
	static struct check_result o;
	outcome_init(&o, id);
	outcome_set(&o, status, "x", "outcome");
	for (int i = 0; evidence && evidence[i]; i += 2)
		result_evidence(&o, evidence[i], "%s", evidence[i + 1]);
	report_commit(&report, &o);
}

/* An Infineon TPM as the bench meets it: present, answering, a ROCA firmware, two authorisation failures counted. */
static void infineon_unit(void)
{
	static const char *const identity[] = { "manufacturer", "IFX", "manufacturer_hex", "0x49465800",
						"firmware_version", "7.61.2785.0", "family", "2.0", NULL };
	static const char *const lockout[] = { "lockout_counter", "2", "max_auth_fail", "32", NULL };
	report_init(&report, "test", "now");
	commit(CHECK_TPM_PRESENT, CHECK_PASS, NULL);
	commit(CHECK_TPM_IDENTITY, CHECK_PASS, identity);
	commit(CHECK_TPM_SELFTEST, CHECK_PASS, NULL);
	commit(CHECK_TPM_ENDORSEMENT, CHECK_PASS, NULL);
	commit(CHECK_TPM_LOCKOUT, CHECK_PASS, lockout);
	commit(CHECK_TPM_FIRMWARE, CHECK_FAIL, NULL);
}

static const char *term(const char *name, char *value, size_t len)
{
	struct windows_term terms[WINDOWS_TERMS_MAX];
	for (int i = 0, n = report_windows_terms(&report, terms); i < n; i++)
		if (strcmp(terms[i].name, name) == 0) {
			windows_term_value(&terms[i], value, len);
			return value;
		}
	return NULL;
}

static void terms_as_get_tpm_shows_them(void **state)
{
	char v[96];
	infineon_unit();
	assert_string_equal(term("TpmPresent", v, sizeof(v)), "True");
	assert_string_equal(term("TpmReady", v, sizeof(v)), "True");
	assert_string_equal(term("ManufacturerId", v, sizeof(v)), "1229346816"); /* Get-Tpm's number for IFX */
	assert_string_equal(term("ManufacturerIdTxt", v, sizeof(v)), "IFX");
	assert_string_equal(term("ManufacturerVersion", v, sizeof(v)), "7.61.2785.0");
	assert_string_equal(term("LockedOut", v, sizeof(v)), "False");
	assert_string_equal(term("LockoutCount", v, sizeof(v)), "2");
	assert_string_equal(term("LockoutMax", v, sizeof(v)), "32");
	assert_string_equal(term("TPM Has Vulnerable Firmware", v, sizeof(v)), "True");
	assert_string_equal(term("Ready For Attestation", v, sizeof(v)), "False");
}

static void unknown_terms_are_left_out(void **state)
{
	char v[96];
	report_init(&report, "test", "now");
	commit(CHECK_TPM_PRESENT, CHECK_FAIL, NULL);
	assert_string_equal(term("TpmPresent", v, sizeof(v)), "False");
	assert_string_equal(term("TpmReady", v, sizeof(v)), "False");
	assert_null(term("ManufacturerId", v, sizeof(v)));
	assert_null(term("LockedOut", v, sizeof(v)));
}

static void text_and_json_carry_them(void **state)
{
	struct strbuf text, json;
	infineon_unit();
	strbuf_init(&text);
	strbuf_init(&json);
	report_render_text(&report, &text);
	report_render_json(&report, &json);
	assert_non_null(strstr(strbuf_str(&text), "WINDOWS  ManufacturerId: 1229346816\n"));
	assert_non_null(strstr(strbuf_str(&text), "WINDOWS  TpmPresent: True\n"));
	assert_non_null(strstr(strbuf_str(&json), "\"ManufacturerId\": 1229346816"));
	assert_non_null(strstr(strbuf_str(&json), "\"TpmPresent\": true"));
	strbuf_free(&text);
	strbuf_free(&json);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(terms_as_get_tpm_shows_them),
		cmocka_unit_test(unknown_terms_are_left_out),
		cmocka_unit_test(text_and_json_carry_them),
	};
	return cmocka_run_group_tests_name("windows_terms", tests, NULL, NULL);
}
