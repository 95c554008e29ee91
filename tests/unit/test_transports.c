/* test_transports.c - the CRB and FIFO drivers against simulated devices, and the TCTI adapter. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "fake_tpm.h"
#include "tpm_responses.h"
#include "tpmdrv/crb.h"
#include "tpmdrv/tis.h"
#include "tpmdrv/tcti_transport.h"

static const uint8_t get_random[] = { 0x80, 0x01, 0, 0, 0, 12, 0, 0, 0x01, 0x7B, 0, 8 };

static enum transport_status exchange(struct tpm_transport *t, uint8_t *rsp, size_t *len)
{
	return t->exchange(t, get_random, sizeof(get_random), rsp, 4096, len);
}

/* A simulated device with a fault, answering `answer` (or a bare success header when NULL), and its driver. */
static struct tpm_transport *crb_with(struct fake_tpm *f, struct crb_transport *crb, enum fake_fault fault,
				      const uint8_t *answer, size_t n)
{
	uint8_t plain[16];
	fake_crb_init(f, fault);
	fake_set_answer(f, answer ? answer : plain, answer ? n : response_error(plain, 0, false));
	crb_transport_init(crb, &f->bus, f->base);
	return &crb->base;
}

static struct tpm_transport *tis_with(struct fake_tpm *f, struct tis_transport *tis, enum fake_fault fault,
				      const uint8_t *answer, size_t n)
{
	uint8_t plain[16];
	fake_tis_init(f, fault);
	fake_set_answer(f, answer ? answer : plain, answer ? n : response_error(plain, 0, false));
	tis_transport_init(tis, &f->bus, f->base);
	return &tis->base;
}

static void crb_round_trip(void **state)
{
	struct fake_tpm f;
	struct crb_transport crb;
	uint8_t answer[4096], rsp[4096];
	size_t n = response_properties(answer, sizeof(answer), swtpm_properties, swtpm_property_count, false), len = 0;
	assert_int_equal(exchange(crb_with(&f, &crb, FAKE_OK, answer, n), rsp, &len), TRANSPORT_OK);
	assert_int_equal(len, n);
	assert_memory_equal(rsp, answer, n);
	assert_int_equal(f.last_command_len, sizeof(get_random));
	assert_memory_equal(f.last_command, get_random, sizeof(get_random));
	assert_true(f.ctrl_sts & CRB_STS_IDLE); /* returned to idle */
	assert_int_equal(f.loc_sts, 0);          /* locality relinquished */
}

static void crb_absent_is_bounded(void **state)
{
	struct fake_tpm f;
	struct crb_transport crb;
	uint8_t rsp[4096];
	size_t len = 0;
	assert_int_equal(exchange(crb_with(&f, &crb, FAKE_ABSENT, NULL, 0), rsp, &len), TRANSPORT_NO_DEVICE);
	assert_true(f.delayed_us >= PTP_TIMEOUT_A_MS * 1000ULL && f.delayed_us < 2 * PTP_TIMEOUT_A_MS * 1000ULL);
	assert_non_null(strstr(crb.base.error, "not granted"));
	assert_string_equal(crb.base.code, "CRB-LOCALITY-TIMEOUT");
}

static void crb_hang_times_out(void **state)
{
	struct fake_tpm f;
	struct crb_transport crb;
	uint8_t rsp[4096];
	size_t len = 0;
	assert_int_equal(exchange(crb_with(&f, &crb, FAKE_HANG, NULL, 0), rsp, &len), TRANSPORT_TIMEOUT);
	assert_true(f.delayed_us <= (TPM_COMMAND_TIMEOUT_MS + 1000ULL) * 1000);
	assert_string_equal(crb.base.code, "CRB-START-TIMEOUT");
}

/* CTRL_STS.tpmSts set: the TPM is in failure mode, and says so before any command is sent. */
static void crb_fatal_error_is_named(void **state)
{
	struct fake_tpm f;
	struct crb_transport crb;
	uint8_t rsp[4096];
	size_t len = 0;
	struct tpm_transport *t = crb_with(&f, &crb, FAKE_OK, NULL, 0);
	f.ctrl_sts |= CRB_STS_ERROR;
	assert_int_equal(exchange(t, rsp, &len), TRANSPORT_IO_ERROR);
	assert_string_equal(crb.base.code, "CRB-TPM-FATAL-ERROR");
	assert_int_equal(f.last_command_len, 0);
}

static void crb_rejects_oversized_response(void **state)
{
	struct fake_tpm f;
	struct crb_transport crb;
	uint8_t rsp[4096];
	size_t len = 0;
	assert_int_equal(exchange(crb_with(&f, &crb, FAKE_HUGE_RESPONSE, NULL, 0), rsp, &len), TRANSPORT_BAD_RESPONSE);
	assert_string_equal(crb.base.code, "CRB-RSP-SIZE-INVALID");
}

/* Buffer addresses from the device are used only inside the locality window past the registers. */
static void crb_refuses_buffers_outside_window(void **state)
{
	struct fake_tpm f;
	struct crb_transport crb;
	uint8_t rsp[4096];
	size_t len = 0;
	const uint64_t elsewhere[] = { 0xFED40000ULL + 0x2000, 0xFED40000ULL + CRB_CTRL_START, 0x100000000ULL + 0xFED40080,
				       0xFEE00000ULL, 0 };
	for (size_t i = 0; i < sizeof(elsewhere) / sizeof(elsewhere[0]); i++) {
		struct tpm_transport *t = crb_with(&f, &crb, FAKE_OK, NULL, 0);
		f.cmd_addr = elsewhere[i];
		assert_int_equal(exchange(t, rsp, &len), TRANSPORT_BAD_RESPONSE);
		assert_int_equal(f.stray_writes, 0);
		assert_non_null(strstr(crb.base.error, "command buffer address"));
		assert_non_null(strstr(crb.base.error, "outside the TPM's register window"));
		assert_string_equal(crb.base.code, "CRB-CMD-BUFFER-OUTSIDE");
		t = crb_with(&f, &crb, FAKE_OK, NULL, 0);
		f.rsp_addr = elsewhere[i];
		assert_int_equal(exchange(t, rsp, &len), TRANSPORT_BAD_RESPONSE);
		assert_int_equal(f.stray_reads, 0);
		assert_non_null(strstr(crb.base.error, "response buffer address"));
		assert_string_equal(crb.base.code, "CRB-RSP-BUFFER-OUTSIDE");
	}
}

/* A size register larger than the window is bounded by the window: no byte beyond it is written or read. */
static void crb_bounds_buffer_sizes_to_window(void **state)
{
	struct fake_tpm f;
	struct crb_transport crb;
	static uint8_t big[4000], answer[4000], rsp[4096];
	size_t len = 0;
	memcpy(big, get_random, sizeof(get_random));
	big[4] = 4000 >> 8, big[5] = 4000 & 0xFF;
	struct tpm_transport *t = crb_with(&f, &crb, FAKE_OK, NULL, 0);
	f.cmd_size = f.rsp_size = 0x100000;
	assert_int_equal(t->exchange(t, big, sizeof(big), rsp, sizeof(rsp), &len), TRANSPORT_IO_ERROR);
	assert_int_equal(f.stray_writes, 0);
	assert_non_null(strstr(crb.base.error, "larger than the TPM's command buffer"));
	assert_string_equal(crb.base.code, "CRB-CMD-TOO-LARGE");
	response_error(answer, 0, false);
	answer[4] = 4000 >> 8, answer[5] = 4000 & 0xFF;
	t = crb_with(&f, &crb, FAKE_OK, answer, sizeof(answer));
	f.cmd_size = f.rsp_size = 0x100000;
	assert_int_equal(exchange(t, rsp, &len), TRANSPORT_BAD_RESPONSE);
	assert_int_equal(f.stray_reads, 0);
	assert_string_equal(crb.base.code, "CRB-RSP-SIZE-INVALID");
}

static void tis_round_trip_in_bursts(void **state)
{
	struct fake_tpm f;
	struct tis_transport tis;
	uint8_t answer[4096], rsp[4096];
	size_t n = response_properties(answer, sizeof(answer), swtpm_properties, swtpm_property_count, false), len = 0;
	assert_int_equal(exchange(tis_with(&f, &tis, FAKE_OK, answer, n), rsp, &len), TRANSPORT_OK);
	assert_int_equal(len, n);
	assert_memory_equal(rsp, answer, n);
	assert_memory_equal(f.last_command, get_random, sizeof(get_random));
	assert_int_equal(f.access, TIS_ACCESS_VALID); /* relinquished */
}

static void tis_reports_tpm12(void **state)
{
	struct fake_tpm f;
	struct tis_transport tis;
	uint8_t rsp[4096];
	size_t len = 0;
	assert_int_equal(exchange(tis_with(&f, &tis, FAKE_TPM12, NULL, 0), rsp, &len), TRANSPORT_TPM12);
	assert_string_equal(tis.base.code, "TIS-FAMILY-TPM12");
}

static void tis_absent_and_stuck_are_bounded(void **state)
{
	struct fake_tpm f;
	struct tis_transport tis;
	uint8_t rsp[4096];
	size_t len = 0;
	assert_int_equal(exchange(tis_with(&f, &tis, FAKE_ABSENT, NULL, 0), rsp, &len), TRANSPORT_NO_DEVICE);
	assert_string_equal(tis.base.code, "TIS-LOCALITY-TIMEOUT");
	assert_int_equal(exchange(tis_with(&f, &tis, FAKE_NO_BURST, NULL, 0), rsp, &len), TRANSPORT_TIMEOUT);
	assert_non_null(strstr(tis.base.error, "burstCount"));
	assert_string_equal(tis.base.code, "TIS-BURST-TIMEOUT");
	/* the command never completes: its own code, though the exchange's budget ends the wait too */
	assert_int_equal(exchange(tis_with(&f, &tis, FAKE_HANG, NULL, 0), rsp, &len), TRANSPORT_TIMEOUT);
	assert_string_equal(tis.base.code, "TIS-COMMAND-TIMEOUT");
}

/* A device that hands out one byte per 700 ms (each within TIMEOUT_A) is bounded per command, not per byte:
 * a 4000-byte response would otherwise take 47 minutes. A short exchange at that pace still completes. */
static void tis_drip_is_bounded_per_command(void **state)
{
	struct fake_tpm f;
	struct tis_transport tis;
	static uint8_t answer[4000], rsp[4096];
	size_t len = 0;
	response_error(answer, 0, false);
	answer[4] = 4000 >> 8, answer[5] = 4000 & 0xFF;
	assert_int_equal(exchange(tis_with(&f, &tis, FAKE_DRIP, answer, sizeof(answer)), rsp, &len), TRANSPORT_TIMEOUT);
	assert_true(f.delayed_us <= (uint64_t)TIS_EXCHANGE_MS * 1000);
	assert_non_null(strstr(tis.base.error, "longer than 120 s for the whole command"));
	assert_string_equal(tis.base.code, "TIS-EXCHANGE-BUDGET");
	assert_int_equal(exchange(tis_with(&f, &tis, FAKE_DRIP, NULL, 0), rsp, &len), TRANSPORT_OK);
	assert_int_equal(len, TPM_HEADER_SIZE);
	assert_true(f.delayed_us >= (sizeof(get_random) + TPM_HEADER_SIZE) * (uint64_t)FAKE_DRIP_US);
}

static void tis_rejects_oversized_response(void **state)
{
	struct fake_tpm f;
	struct tis_transport tis;
	uint8_t rsp[4096];
	size_t len = 0;
	assert_int_equal(exchange(tis_with(&f, &tis, FAKE_HUGE_RESPONSE, NULL, 0), rsp, &len), TRANSPORT_BAD_RESPONSE);
	assert_string_equal(tis.base.code, "TIS-RSP-SIZE-INVALID");
}

static void tcti_answers_size_query_then_data(void **state)
{
	struct fake_tpm f;
	struct crb_transport crb;
	uint8_t answer[4096], rsp[4096];
	size_t n = response_error(answer, 0, false);
	fake_crb_init(&f, FAKE_OK);
	fake_set_answer(&f, answer, n);
	crb_transport_init(&crb, &f.bus, f.base);
	TSS2_TCTI_CONTEXT *tcti = tcti_transport_new(&crb.base);
	size_t size = 0;
	assert_int_equal(Tss2_Tcti_Receive(tcti, &size, rsp, 0), TSS2_TCTI_RC_BAD_SEQUENCE);
	assert_int_equal(Tss2_Tcti_Transmit(tcti, sizeof(get_random), get_random), TSS2_RC_SUCCESS);
	assert_int_equal(Tss2_Tcti_Transmit(tcti, sizeof(get_random), get_random), TSS2_TCTI_RC_BAD_SEQUENCE);
	assert_int_equal(Tss2_Tcti_Receive(tcti, &size, NULL, -1), TSS2_RC_SUCCESS);
	assert_int_equal(size, n);
	size_t small = 4;
	assert_int_equal(Tss2_Tcti_Receive(tcti, &small, rsp, -1), TSS2_TCTI_RC_INSUFFICIENT_BUFFER);
	assert_int_equal(Tss2_Tcti_Receive(tcti, &size, rsp, -1), TSS2_RC_SUCCESS);
	assert_memory_equal(rsp, answer, n);
	assert_int_equal(Tss2_Tcti_Transmit(tcti, 4, get_random), TSS2_TCTI_RC_BAD_VALUE);
	tcti_transport_free(tcti);
}

/* The code of the last failed exchange reaches the TCTI's caller and outlives the successes after it (the flushes
 * that follow a failed command); the TCTI's own findings carry theirs. */
static void tcti_keeps_the_last_failure_code(void **state)
{
	struct fake_tpm f;
	struct crb_transport crb;
	uint8_t answer[16];
	size_t n = response_error(answer, 0, false);
	struct tpm_transport *t = crb_with(&f, &crb, FAKE_OK, answer, n);
	TSS2_TCTI_CONTEXT *tcti = tcti_transport_new(t);
	size_t size = sizeof(answer);
	assert_string_equal(tcti_transport_last_code(tcti), "");
	f.cmd_addr = 0xFEE00000ULL;
	assert_int_equal(Tss2_Tcti_Transmit(tcti, sizeof(get_random), get_random), TSS2_TCTI_RC_MALFORMED_RESPONSE);
	assert_string_equal(tcti_transport_last_code(tcti), "CRB-CMD-BUFFER-OUTSIDE");
	f.cmd_addr = f.base + CRB_DATA_BUFFER;
	assert_int_equal(Tss2_Tcti_Transmit(tcti, sizeof(get_random), get_random), TSS2_RC_SUCCESS);
	assert_int_equal(Tss2_Tcti_Receive(tcti, &size, answer, -1), TSS2_RC_SUCCESS);
	assert_string_equal(tcti_transport_last_code(tcti), "CRB-CMD-BUFFER-OUTSIDE");
	assert_string_equal(crb.base.code, ""); /* the transport's own code is its last exchange's */
	fake_set_answer(&f, answer, response_error(answer, 0, true)); /* TPM_ST_RSP_COMMAND: a TPM 1.2's answer */
	assert_int_equal(Tss2_Tcti_Transmit(tcti, sizeof(get_random), get_random), TSS2_RC_SUCCESS);
	assert_int_equal(tcti_transport_last_status(tcti), TRANSPORT_TPM12);
	assert_string_equal(tcti_transport_last_code(tcti), "TPM-RSP-TAG-TPM12");
	tcti_transport_free(tcti);
}

/* A transport that claims success with a response its header contradicts. */
static enum transport_status inconsistent_exchange(struct tpm_transport *t, const uint8_t *cmd, size_t cmd_len,
						   uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
	(void)t, (void)cmd, (void)cmd_len, (void)rsp_cap;
	*rsp_len = response_error(rsp, 0, false) + 2;
	return TRANSPORT_OK;
}

static void tcti_names_inconsistent_framing(void **state)
{
	struct tpm_transport t = { .name = "test", .exchange = inconsistent_exchange };
	TSS2_TCTI_CONTEXT *tcti = tcti_transport_new(&t);
	assert_int_equal(Tss2_Tcti_Transmit(tcti, sizeof(get_random), get_random), TSS2_TCTI_RC_MALFORMED_RESPONSE);
	assert_string_equal(tcti_transport_last_code(tcti), "TPM-RSP-FRAMING");
	tcti_transport_free(tcti);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(crb_round_trip),
		cmocka_unit_test(crb_absent_is_bounded),
		cmocka_unit_test(crb_hang_times_out),
		cmocka_unit_test(crb_fatal_error_is_named),
		cmocka_unit_test(crb_rejects_oversized_response),
		cmocka_unit_test(crb_refuses_buffers_outside_window),
		cmocka_unit_test(crb_bounds_buffer_sizes_to_window),
		cmocka_unit_test(tis_round_trip_in_bursts),
		cmocka_unit_test(tis_reports_tpm12),
		cmocka_unit_test(tis_absent_and_stuck_are_bounded),
		cmocka_unit_test(tis_rejects_oversized_response),
		cmocka_unit_test(tis_drip_is_bounded_per_command),
		cmocka_unit_test(tcti_answers_size_query_then_data),
		cmocka_unit_test(tcti_keeps_the_last_failure_code),
		cmocka_unit_test(tcti_names_inconsistent_framing),
	};
	return cmocka_run_group_tests_name("transports", tests, NULL, NULL);
}
