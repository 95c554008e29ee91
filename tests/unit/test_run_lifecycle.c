/* test_run_lifecycle.c - a report saved while its run goes on (INCOMPLETE, its last stage) and the same report
 * completed; the beep pattern of each verdict and the PC speaker's port writes for it; report merge's reading of an
 * incomplete report. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "checks/report/report_render.h"
#include "checks/report/report_summary.h"
#include "checks/report/beep_pattern.h"
#include "boot/pc_speaker.h"
#include "boot/linux/merge_row.h"

static struct report r;

static char *render(bool json)
{
	static struct strbuf out;
	strbuf_free(&out);
	strbuf_init(&out);
	(json ? report_render_json : report_render_text)(&r, &out);
	return (char *)strbuf_str(&out);
}

/* A factory run cut short after two checks: what the stick holds. */
static void started_run(void)
{
	report_init(&r, "uefi", "2026-12-02T08:00:00Z");
	report_run_begin(&r, "PF-0042", "Bench PC 5", "mode=factory strict=all");
	report_run_stage(&r, "tpm detection");
	report_record(&r, CHECK_CONFIG_FILE, CHECK_PASS, NULL, "read");
	report_record(&r, CHECK_TPM_PRESENT, CHECK_FAIL, "no-tpm", "No TPM found");
}

static void incomplete_report_says_so_everywhere(void **state)
{
	started_run();
	assert_int_equal(report_verdict(&r), VERDICT_INCOMPLETE); /* a failure so far is no verdict either */
	char *text = render(false);
	assert_non_null(strstr(text, "RUN      "));
	assert_non_null(strstr(text, "serial PF-0042 model Bench PC 5 settings mode=factory strict=all\n"));
	assert_non_null(strstr(text, "INCOMPLETE the run did not finish: last stage reached tpm detection, 2 of "));
	assert_non_null(strstr(text, "VERDICT  INCOMPLETE\n"));
	assert_null(strstr(text, "Ready For Attestation")); /* not known before the end */
	char *json = render(true);
	assert_non_null(strstr(json, "\"verdict\": \"INCOMPLETE\""));
	assert_non_null(strstr(json, "\"complete\": false"));
	assert_non_null(strstr(json, "\"stage\": \"tpm detection\""));
	assert_non_null(strstr(json, "\"serial\": \"PF-0042\""));
	char summary[REPORT_SUMMARY_MAX + 1];
	report_compact_summary(&r, summary, sizeof(summary));
	assert_string_equal(summary, "TPMPF2|PF-0042|Bench PC 5|INCOMPLETE|tpm.present||0x800705B4");
}

static void completed_report_is_whole(void **state)
{
	started_run();
	report_run_end(&r);
	assert_int_equal(report_verdict(&r), VERDICT_NOT_READY);
	char *text = render(false);
	assert_null(strstr(text, "INCOMPLETE"));
	assert_non_null(strstr(text, "VERDICT  NOT READY\n"));
	assert_non_null(strstr(text, "RUN      "));
	char *json = render(true);
	assert_non_null(strstr(json, "\"complete\": true"));
	assert_non_null(strstr(json, "\"stage\": \"finished\""));
	/* a report built in one go (no run begun) is whole and has no RUN line */
	report_init(&r, "linux", "t");
	assert_int_equal(report_verdict(&r), VERDICT_READY);
	assert_null(strstr(render(false), "RUN      "));
}

static void a_new_group_of_checks_is_a_new_stage(void **state)
{
	report_init(&r, "uefi", "t");
	report_run_begin(&r, "", "", "");
	assert_true(report_run_check_started(&r, "config.file"));
	assert_true(report_run_check_started(&r, "platform.info"));
	assert_false(report_run_check_started(&r, "platform.serial"));
	assert_false(report_run_check_started(&r, "platform.secure_boot"));
	assert_true(report_run_check_started(&r, "tpm.event_log"));
	assert_true(report_run_check_started(&r, "network.connection"));
	assert_true(report_run_check_started(&r, "tpm.present"));
	assert_false(report_run_check_started(&r, "tpm.identity"));
	assert_string_equal(r.run.stage, "checks tpm.* from tpm.present");
}

static void each_verdict_has_its_pattern(void **state)
{
	struct beep_tone t[BEEP_TONES_MAX];
	assert_int_equal(beep_pattern(VERDICT_READY, t), 1);
	assert_true(t[0].hz == 1000 && t[0].on_ms == 150);
	assert_int_equal(beep_pattern(VERDICT_READY_WITH_WARNINGS, t), 2);
	assert_int_equal(beep_pattern(VERDICT_NOT_READY, t), 3);
	for (int i = 0; i < 3; i++)
		assert_true(t[i].hz == 440 && t[i].on_ms == 600 && t[i].off_ms == 300);
	assert_int_equal(beep_pattern(VERDICT_INCOMPLETE, t), 0);
	for (int v = VERDICT_READY; v <= VERDICT_INCOMPLETE; v++) { /* bounded in time */
		unsigned total = 0;
		for (int i = 0, n = beep_pattern((enum verdict)v, t); i < n; i++)
			total += t[i].on_ms + t[i].off_ms;
		assert_true(total <= BEEP_TOTAL_MS_MAX);
	}
	assert_string_equal(beep_pattern_text(VERDICT_NOT_READY), "three long low tones");
}

/* A recorder in place of the x86 IN/OUT instructions: port 0x61 reads back what was written (bits 4-5 are the
 * chipset's status bits, which must survive). */
static struct {
	char log[1024];
	uint8_t port61;
} io_rec;

static uint8_t fake_in8(uint16_t port)
{
	snprintf(io_rec.log + strlen(io_rec.log), sizeof(io_rec.log) - strlen(io_rec.log), "in %02x;", port);
	return port == SPEAKER_PORT ? io_rec.port61 : 0xFF;
}

static void fake_out8(uint16_t port, uint8_t value)
{
	snprintf(io_rec.log + strlen(io_rec.log), sizeof(io_rec.log) - strlen(io_rec.log), "out %02x=%02x;", port, value);
	if (port == SPEAKER_PORT)
		io_rec.port61 = value;
}

static void fake_stall(uint32_t us)
{
	snprintf(io_rec.log + strlen(io_rec.log), sizeof(io_rec.log) - strlen(io_rec.log), "stall %u;", us);
}

static void speaker_writes_follow_the_8254(void **state)
{
	static const struct port_io io = { fake_in8, fake_out8, fake_stall };
	struct beep_tone t[BEEP_TONES_MAX];
	memset(&io_rec, 0, sizeof(io_rec));
	io_rec.port61 = 0x30;
	int n = beep_pattern(VERDICT_NOT_READY, t);
	for (int i = 0; i < n; i++)
		pc_speaker_tone(&io, &t[i]);
	/* 1193182 / 440 = 2711 = 0x0A97: control word 0xB6, low byte, high byte; gate and speaker on; 600 ms; off; 300 ms */
	const char *tone = "out 43=b6;out 42=97;out 42=0a;in 61;out 61=33;stall 600000;in 61;out 61=30;stall 300000;";
	char want[1024] = "";
	for (int i = 0; i < 3; i++)
		strcat(want, tone);
	assert_string_equal(io_rec.log, want);
	memset(&io_rec, 0, sizeof(io_rec));
	beep_pattern(VERDICT_READY, t);
	pc_speaker_tone(&io, &t[0]);
	assert_string_equal(io_rec.log, "out 43=b6;out 42=a9;out 42=04;in 61;out 61=03;stall 150000;in 61;out 61=00;stall 150000;");
	/* out of the table's range: the counter's limits and at most TONE_MS_MAX */
	assert_int_equal(pc_speaker_divisor(0), 0xFFFF);
	assert_int_equal(pc_speaker_divisor(10), 0xFFFF);
	assert_int_equal(pc_speaker_divisor(5000000), 1);
	memset(&io_rec, 0, sizeof(io_rec));
	struct beep_tone endless = { 440, 60000, 60000 };
	pc_speaker_tone(&io, &endless);
	assert_non_null(strstr(io_rec.log, "stall 1000000;in 61"));
}

static void beep_state_is_in_the_report(void **state)
{
	started_run();
	report_run_end(&r);
	assert_null(strstr(render(false), "BEEP"));
	assert_non_null(strstr(render(true), "\"beep\": \"off\""));
	r.beep = BEEP_SENT;
	assert_non_null(strstr(render(false), "BEEP     sent: three long low tones\n"));
	assert_non_null(strstr(render(true), "\"beep\": \"sent\""));
	r.beep = BEEP_NOT_AVAILABLE;
	assert_non_null(strstr(render(false), "BEEP     not available\n"));
}

static void merge_reads_an_incomplete_report(void **state)
{
	started_run();
	char *json = render(true);
	struct json_doc doc;
	struct merge_row row;
	char why[200];
	assert_int_equal(json_parse(json, strlen(json), &doc, why, sizeof(why)), 0);
	assert_int_equal(merge_row_from_report(&doc, "a.json", &row, why, sizeof(why)), 0);
	json_doc_free(&doc);
	assert_string_equal(row.verdict, "INCOMPLETE");
	assert_string_equal(row.stage, "tpm detection");
	assert_string_equal(row.serial, "PF-0042"); /* platform.info never ran: the serial known at the start */
	assert_string_equal(row.model, "Bench PC 5");
	/* "complete": false wins over a verdict field that says otherwise */
	const char *forged = "{\"schema\": \"tpm-preflight/report/2\", \"verdict\": \"READY\", \"complete\": false, "
			     "\"checks\": []}";
	assert_int_equal(json_parse(forged, strlen(forged), &doc, why, sizeof(why)), 0);
	assert_int_equal(merge_row_from_report(&doc, "b.json", &row, why, sizeof(why)), 0);
	json_doc_free(&doc);
	assert_string_equal(row.verdict, "INCOMPLETE");
	assert_string_equal(row.stage, "unknown");
	/* a report from before the field: finished */
	const char *old = "{\"schema\": \"tpm-preflight/report/2\", \"verdict\": \"READY\", \"checks\": []}";
	assert_int_equal(json_parse(old, strlen(old), &doc, why, sizeof(why)), 0);
	assert_int_equal(merge_row_from_report(&doc, "c.json", &row, why, sizeof(why)), 0);
	json_doc_free(&doc);
	assert_string_equal(row.verdict, "READY");
	assert_string_equal(row.stage, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(incomplete_report_says_so_everywhere),
		cmocka_unit_test(completed_report_is_whole),
		cmocka_unit_test(a_new_group_of_checks_is_a_new_stage),
		cmocka_unit_test(each_verdict_has_its_pattern),
		cmocka_unit_test(speaker_writes_follow_the_8254),
		cmocka_unit_test(beep_state_is_in_the_report),
		cmocka_unit_test(merge_reads_an_incomplete_report),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
