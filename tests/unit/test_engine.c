/* test_engine.c - the TPM checks from TPM answers to report results. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "tpm_responses.h"
#include "checks/engine/engine.h"
#include "checks/tpm/tpm_identity.h"
#include "checks/tpm/tpm_rc.h"
#include "checks/engine/platform_facts.h"

/* A transport that answers every command with one canned response, or fails. */
struct canned {
	struct tpm_transport base;
	enum transport_status status;
	uint8_t rsp[4096];
	size_t len;
	int calls;
	const char *code;      /* the failure's code, when status is not TRANSPORT_OK */
	uint32_t fail_command; /* only this command code fails, when not 0 */
};

static enum transport_status canned_exchange(struct tpm_transport *t, const uint8_t *cmd, size_t cmd_len,
					     uint8_t *rsp, size_t cap, size_t *len)
{
	struct canned *c = (struct canned *)t;
	c->calls++;
	uint32_t command = (uint32_t)cmd[6] << 24 | (uint32_t)cmd[7] << 16 | (uint32_t)cmd[8] << 8 | cmd[9];
	if (c->status != TRANSPORT_OK && (!c->fail_command || c->fail_command == command))
		return c->code ? transport_fail(t, c->status, c->code, "canned failure") : c->status;
	memcpy(rsp, c->rsp, c->len);
	*len = c->len;
	return TRANSPORT_OK;
}

static void canned_init(struct canned *c, struct tpm_connection *conn)
{
	memset(c, 0, sizeof(*c));
	c->base.name = "test";
	c->base.exchange = canned_exchange;
	memset(conn, 0, sizeof(*conn));
	conn->transport = &c->base;
	strcpy(conn->transport_name, "test");
}

static const char *evidence(const struct check_result *r, const char *key)
{
	for (int i = 0; i < r->evidence_count; i++)
		if (strcmp(r->evidence[i].key, key) == 0)
			return r->evidence[i].value;
	return NULL;
}

static struct report report;

static void run_engine(struct tpm_connection *conn)
{
	struct engine_options options;
	engine_options_init(&options, 1800000000);
	engine_run(conn, &options, &report);
}

/* A TPM that answers every command with these fixed properties. */
static void run_with_properties(const struct property *props, int count)
{
	static struct canned c;
	static struct tpm_connection conn;
	canned_init(&c, &conn);
	c.len = response_properties(c.rsp, sizeof(c.rsp), props, count, false);
	report_init(&report, "test", "now");
	run_engine(&conn);
}

static void run_with_swtpm_answers(void)
{
	run_with_properties(swtpm_properties, swtpm_property_count);
}

/* An Infineon SLB9670 with 7.61.2785.0 (raw 0x0007003D 0x000AE100): shown in Infineon's form in the headline,
 * the raw words in evidence, and the ROCA advisory matched on that form. */
static void infineon_identity_and_advisory_end_to_end(void **state)
{
	struct property props[13];
	memcpy(props, swtpm_properties, sizeof(props));
	props[5].value = 0x49465800;  /* IFX */
	props[11].value = 0x0007003D; /* TPM_PT_FIRMWARE_VERSION_1 */
	props[12].value = 0x000AE100; /* TPM_PT_FIRMWARE_VERSION_2 */
	run_with_properties(props, 13);
	const struct check_result *id = report_find(&report, CHECK_TPM_IDENTITY);
	assert_non_null(strstr(id->summary, "IFX TPM 2.0, firmware 7.61.2785.0,"));
	assert_string_equal(evidence(id, "firmware_version"), "7.61.2785.0");
	assert_string_equal(evidence(id, "firmware_raw"), "0x0007003D 0x000AE100");
	const struct check_result *adv = report_find(&report, CHECK_TPM_FIRMWARE);
	assert_int_equal(adv->status, CHECK_FAIL);
	assert_string_equal(evidence(adv, "advisory"), "ifx-roca-7.0-7.61");
	assert_non_null(strstr(adv->details, "Firmware 7.61.2785.0."));
}

static void identity_from_swtpm_answer(void **state)
{
	run_with_swtpm_answers();
	const struct check_result *present = report_find(&report, CHECK_TPM_PRESENT);
	const struct check_result *id = report_find(&report, CHECK_TPM_IDENTITY);
	assert_int_equal(present->status, CHECK_PASS);
	assert_int_equal(id->status, CHECK_PASS);
	assert_string_equal(evidence(id, "manufacturer"), "IBM");
	assert_string_equal(evidence(id, "firmware_version"), "8217.4131.22.13878");
	assert_string_equal(evidence(id, "firmware_raw"), "0x20191023 0x00163636");
	assert_string_equal(evidence(id, "vendor_string"), "SW   TPM");
	assert_string_equal(evidence(id, "spec_revision"), "1.64");
	/* every later check got the same canned answer: each reports it, none crashes */
	assert_int_equal(report.count, CHECK_COUNT);
}

/* Every check is reported once, in the order of the check table; when TPM_PT_PERMANENT cannot be read, the checks
 * that need it are errors in their place, naming the command (not "no TPM 2.0 answered" at the end). */
static void unreadable_tpm_state_is_an_error_in_place(void **state)
{
	run_with_swtpm_answers(); /* every GetCapability gets the fixed properties, so TPM_PT_PERMANENT is never among them */
	assert_int_equal(report.count, CHECK_COUNT);
	for (int i = 0; i < report.count; i++)
		assert_int_equal(report.results[i].check->index, i);
	const enum check_id need_state[] = { CHECK_TPM_ENDORSEMENT, CHECK_TPM_LOCKOUT, CHECK_TPM_OWNERSHIP };
	for (size_t i = 0; i < 3; i++) {
		const struct check_result *res = report_find(&report, need_state[i]);
		assert_int_equal(res->status, CHECK_ERROR);
		assert_string_equal(res->reason, "no-tpm-state");
		assert_non_null(strstr(res->summary, "TPM2_GetCapability(TPM_PT_PERMANENT)"));
		assert_null(strstr(res->summary, "no TPM 2.0"));
	}
}

/* Response codes a technician meets are named in words (an EK index defined but never written, failure mode). */
static void response_codes_in_words(void **state)
{
	char words[160];
	tpm_rc_describe(0x14A, words, sizeof(words));
	assert_non_null(strstr(words, "TPM_RC_NV_UNINITIALIZED: the NV index was defined but never written"));
	tpm_rc_describe(0x101, words, sizeof(words));
	assert_non_null(strstr(words, "failure mode"));
	tpm_rc_describe(0x12345, words, sizeof(words));
	assert_string_equal(words, "0x00012345");
}

/* One TPM's identity from its raw fixed properties. */
static struct tpm_identity identity_of(uint32_t manufacturer, uint32_t fw1, uint32_t fw2)
{
	struct tpm_identity id;
	memset(&id, 0, sizeof(id));
	tpm_identity_apply(&id, PT_MANUFACTURER, manufacturer);
	tpm_identity_apply(&id, PT_FIRMWARE_VERSION_1, fw1);
	tpm_identity_apply(&id, PT_FIRMWARE_VERSION_2, fw2);
	tpm_identity_finish(&id);
	return id;
}

/* The version per maker with real words (sources in checks/tpm/tpm_firmware_version.c). */
static void firmware_version_per_vendor(void **state)
{
	static const struct {
		uint32_t manufacturer, fw1, fw2;
		const char *shown;
	} cases[] = {
		{ 0x49465800, 0x0007003F, 0x000D1900, "7.63.3353.0" },      /* Infineon SLB9670, not 7.63.13.6400 */
		{ 0x49465800, 0x0005003F, 0x000D1900, "5.63.3353.0" },      /* Infineon SLB9665 (TPMFactoryUpd) */
		{ 0x49465800, 0x0007003E, 0x000C3600, "7.62.3126.0" },      /* Infineon, first release after ROCA */
		{ 0x49465800, 0x000F0017, 0x00450000, "15.23.17664.0" },    /* Infineon SLB9672 */
		{ 0x494E5443, 0x000B0008, 0x00320D62, "11.8.50.3426" },     /* Intel PTT: raw 720904 / 3280226 */
		{ 0x494E5443, 0x02580012, 0x001907EB, "600.18.25.2027" },   /* Intel PTT */
		{ 0x414D4400, 0x00030025, 0x00000005, "3.37.0.5" },         /* AMD fTPM */
		{ 0x4E544300, 0x00070002, 0x00000002, "7.2.0.2" },          /* Nuvoton */
		{ 0x53544D20, 0x00490004, 0x44A01164, "73.4.17568.4452" },  /* ST */
		{ 0x49424D00, 0x20191023, 0x00163636, "8217.4131.22.13878" }, /* swtpm */
		/* tpm.msc's own display of raw 538247443 / 1394722 (oofhours.com, "Fun with TPM firmware version
		 * numbers", 2022; the maker is not named there, so any but Infineon: here Microsoft's id) */
		{ 0x4D534654, 0x20150113, 0x00154822, "8213.275.21.18466" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tpm_identity id = identity_of(cases[i].manufacturer, cases[i].fw1, cases[i].fw2);
		assert_string_equal(id.firmware, cases[i].shown);
	}
}

/* The TPMVersion of real EK certificates (../shared ekcerts: Infineon SLB9670, Intel PTT CML, Nuvoton NPCT75x,
 * ST ST33HTPHAHB4, Microsoft Pluton) as major.minor, the same for every maker; other forms are left as they are. */
static void ek_certificate_version_as_major_minor(void **state)
{
	static const char *const cases[][2] = { { "id:073f", "7.63" }, { "id:0728", "7.40" }, { "id:01F4000E", "500.14" },
						{ "id:00070002", "7.2" }, { "id:00490004", "73.4" }, { "id:000a0005", "10.5" } };
	char out[24];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_true(tpm_san_version_text(cases[i][0], out, sizeof(out)));
		assert_string_equal(out, cases[i][1]);
	}
	const char *const not_decoded[] = { "id:13", "id:", "073f", "id:07 3f", "id:0x073f", "id:123456789", "" };
	for (size_t i = 0; i < sizeof(not_decoded) / sizeof(not_decoded[0]); i++) {
		assert_false(tpm_san_version_text(not_decoded[i], out, sizeof(out)));
		assert_string_equal(out, "");
	}
}

static void infineon_firmware_as_windows_shows_it(void **state)
{
	/* docs/attestation-facts.md §6: SLB9670 FW1 0x00070055, FW2 0x0011CB00 -> "7.85.4555.0" (the HP EliteDesk
	 * 800 G5's, shown as "7.85.1166080" by tools that print FW2 whole) */
	struct tpm_identity id;
	memset(&id, 0, sizeof(id));
	tpm_identity_apply(&id, PT_MANUFACTURER, 0x49465800);
	tpm_identity_apply(&id, PT_FIRMWARE_VERSION_1, 0x00070055);
	tpm_identity_apply(&id, PT_FIRMWARE_VERSION_2, 0x0011CB00);
	tpm_identity_apply(&id, PT_FAMILY_INDICATOR, 0x322E3000);
	tpm_identity_finish(&id);
	assert_string_equal(id.firmware, "7.85.4555.0");
	assert_string_equal(id.manufacturer_id, "IFX");
	assert_string_equal(id.family, "2.0");
	char m[5];
	tpm_manufacturer_id(0x53544D20, m); /* "STM " */
	assert_string_equal(m, "STM");
	tpm_manufacturer_id(0x494E5443, m);
	assert_string_equal(m, "INTC");
}

static void no_transport_is_not_ready(void **state)
{
	struct tpm_connection conn;
	memset(&conn, 0, sizeof(conn));
	conn.absence = TPM_ABSENT;
	strcpy(conn.problem, "nothing there");
	report_init(&report, "test", "now");
	run_engine(&conn);
	const struct check_result *present = report_find(&report, CHECK_TPM_PRESENT);
	assert_int_equal(present->status, CHECK_FAIL);
	assert_string_equal(present->summary, "No TPM found");
	assert_null(evidence(present, "failure_code"));
	assert_int_equal(report_find(&report, CHECK_TPM_IDENTITY)->status, CHECK_SKIP);
	assert_int_equal(report_verdict(&report), VERDICT_NOT_READY);
}

static void silent_tpm_fails_with_transport_words(void **state)
{
	struct canned c;
	struct tpm_connection conn;
	canned_init(&c, &conn);
	c.status = TRANSPORT_TIMEOUT;
	strcpy(c.base.error, "the TPM did not finish the command within 120 s");
	report_init(&report, "test", "now");
	run_engine(&conn);
	const struct check_result *present = report_find(&report, CHECK_TPM_PRESENT);
	assert_int_equal(present->status, CHECK_ERROR); /* the TPM is there; what it is could not be asked */
	assert_int_equal(report_verdict(&report), VERDICT_NOT_READY);
	assert_non_null(strstr(present->details, "120 s"));
	assert_false(conn.unreachable);
	assert_null(evidence(present, "failure_code")); /* a transport without codes shows none */
}

/* The code of the failure is shown where the failure is: detection, the first command, or a later one. */
static void transport_failure_codes_reach_the_evidence(void **state)
{
	struct tpm_connection conn;
	memset(&conn, 0, sizeof(conn));
	conn.absence = TPM_ABSENT;
	strcpy(conn.code, "DEV-NOT-FOUND");
	report_init(&report, "test", "now");
	run_engine(&conn);
	assert_string_equal(evidence(report_find(&report, CHECK_TPM_PRESENT), "failure_code"), "DEV-NOT-FOUND");

	struct canned c;
	canned_init(&c, &conn);
	c.status = TRANSPORT_NO_DEVICE;
	c.code = "SWTPM-CONNECT-REFUSED";
	report_init(&report, "test", "now");
	run_engine(&conn);
	assert_true(conn.unreachable);
	assert_string_equal(evidence(report_find(&report, CHECK_TPM_PRESENT), "failure_code"), "SWTPM-CONNECT-REFUSED");

	canned_init(&c, &conn);
	c.len = response_properties(c.rsp, sizeof(c.rsp), swtpm_properties, swtpm_property_count, false);
	c.status = TRANSPORT_TIMEOUT;
	c.code = "CRB-START-TIMEOUT";
	c.fail_command = TPM2_CC_GetTestResult;
	report_init(&report, "test", "now");
	run_engine(&conn);
	const struct check_result *present = report_find(&report, CHECK_TPM_PRESENT);
	assert_int_equal(present->status, CHECK_PASS);
	assert_null(evidence(present, "failure_code"));
	const struct check_result *selftest = report_find(&report, CHECK_TPM_SELFTEST);
	assert_int_equal(selftest->status, CHECK_ERROR);
	assert_string_equal(evidence(selftest, "failure_code"), "CRB-START-TIMEOUT");
}

static void tpm12_answer_is_named(void **state)
{
	struct canned c;
	struct tpm_connection conn;
	canned_init(&c, &conn);
	c.len = response_error(c.rsp, 0x1E, true);
	report_init(&report, "test", "now");
	run_engine(&conn);
	assert_non_null(strstr(report_find(&report, CHECK_TPM_PRESENT)->summary, "TPM 1.2"));
	assert_string_equal(evidence(report_find(&report, CHECK_TPM_PRESENT), "failure_code"), "TPM-RSP-TAG-TPM12");
}

static void tpm_not_started_is_explained(void **state)
{
	struct canned c;
	struct tpm_connection conn;
	canned_init(&c, &conn);
	c.len = response_error(c.rsp, 0x100, false);
	report_init(&report, "test", "now");
	run_engine(&conn);
	const struct check_result *present = report_find(&report, CHECK_TPM_PRESENT);
	assert_int_equal(present->status, CHECK_FAIL);
	assert_non_null(strstr(present->details, "TPM2_Startup"));
	assert_null(evidence(present, "failure_code")); /* the TPM answered: no transport failure */
}

static void endless_more_data_is_bounded(void **state)
{
	struct canned c;
	struct tpm_connection conn;
	canned_init(&c, &conn);
	/* a TPM that always says moreData for the same first property */
	c.len = response_properties(c.rsp, sizeof(c.rsp), swtpm_properties, 1, true);
	report_init(&report, "test", "now");
	run_engine(&conn);
	assert_true(c.calls <= 100); /* the identity read stops at 8 rounds; every later check is bounded too */
}

static void family_12_in_properties_fails(void **state)
{
	struct canned c;
	struct tpm_connection conn;
	struct property props[] = { { 0x100, 0x312E3200 }, { 0x105, 0x49465800 } };
	canned_init(&c, &conn);
	c.len = response_properties(c.rsp, sizeof(c.rsp), props, 2, false);
	report_init(&report, "test", "now");
	run_engine(&conn);
	assert_int_equal(report_find(&report, CHECK_TPM_PRESENT)->status, CHECK_FAIL);
}

static void hyper_v_vm_is_virtual(void **state)
{
	struct canned c;
	struct tpm_connection conn;
	struct property props[] = { { 0x100, 0x322E3000 }, { 0x105, 0x4D534654 } }; /* "2.0", MSFT */
	canned_init(&c, &conn);
	c.len = response_properties(c.rsp, sizeof(c.rsp), props, 2, false);
	struct platform_facts facts;
	platform_facts_init(&facts);
	strcpy(facts.system_manufacturer, "Microsoft Corporation");
	strcpy(facts.product, "Virtual Machine");
	struct engine_options options;
	engine_options_init(&options, 1800000000);
	options.platform = &facts;
	report_init(&report, "test", "now");
	engine_run(&conn, &options, &report);
	const struct check_result *v = report_find(&report, CHECK_TPM_VIRTUAL);
	assert_int_equal(v->status, CHECK_FAIL);
	assert_non_null(strstr(v->summary, "Hyper-V"));
	strcpy(facts.system_manufacturer, "Contoso"); /* the same MSFT TPM on real hardware (Pluton) */
	report_init(&report, "test", "now");
	engine_run(&conn, &options, &report);
	assert_int_equal(report_find(&report, CHECK_TPM_VIRTUAL)->status, CHECK_PASS);
}

static char steps[2048];

static void note_start(const char *id, const char *title)
{
	snprintf(steps + strlen(steps), sizeof(steps) - strlen(steps), "start %s;", id);
}

static void note_end(const char *id, const char *status, unsigned elapsed_ms)
{
	snprintf(steps + strlen(steps), sizeof(steps) - strlen(steps), "end %s %s;", id, status);
}

/* Each announced step is said finished once, with the status its result got, before the next one starts. */
static void progress_names_each_step_start_and_end(void **state)
{
	struct canned c;
	struct tpm_connection conn;
	struct engine_options options;
	canned_init(&c, &conn);
	c.len = response_properties(c.rsp, sizeof(c.rsp), swtpm_properties, swtpm_property_count, false);
	engine_options_init(&options, 1800000000);
	options.progress = note_start;
	options.finished = note_end;
	steps[0] = 0;
	report_init(&report, "test", "now");
	engine_run(&conn, &options, &report);
	assert_non_null(strstr(steps, "start tpm.present;end tpm.present pass;start tpm.identity;end tpm.identity pass;"
				   "start tpm.selftest;"));
	assert_non_null(strstr(steps, "start tpm.virtual;end tpm.virtual fail;"));
	const char *last_start = steps, *p; /* the last step announced is said finished too */
	while ((p = strstr(last_start + 1, "start ")))
		last_start = p;
	assert_non_null(strstr(last_start, ";end "));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(identity_from_swtpm_answer),
		cmocka_unit_test(unreadable_tpm_state_is_an_error_in_place),
		cmocka_unit_test(response_codes_in_words),
		cmocka_unit_test(infineon_firmware_as_windows_shows_it),
		cmocka_unit_test(firmware_version_per_vendor),
		cmocka_unit_test(ek_certificate_version_as_major_minor),
		cmocka_unit_test(infineon_identity_and_advisory_end_to_end),
		cmocka_unit_test(no_transport_is_not_ready),
		cmocka_unit_test(silent_tpm_fails_with_transport_words),
		cmocka_unit_test(transport_failure_codes_reach_the_evidence),
		cmocka_unit_test(tpm12_answer_is_named),
		cmocka_unit_test(tpm_not_started_is_explained),
		cmocka_unit_test(endless_more_data_is_bounded),
		cmocka_unit_test(family_12_in_properties_fails),
		cmocka_unit_test(hyper_v_vm_is_virtual),
		cmocka_unit_test(progress_names_each_step_start_and_end),
	};
	return cmocka_run_group_tests_name("engine", tests, NULL, NULL);
}
