/*
 * test_tpm_warnings.c - a TPM that answers TPM_RC_RETRY, YIELDED or TESTING
 * gets the same command again, within bounds measured on a simulated clock,
 * for every command (tcti_transport.c); a TPM that falls into failure mode
 * is asked TPM2_GetTestResult once and every check after that needs it is an
 * error that says so, while the others keep their result.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scripted_tpm.h"
#include "checks/engine/engine.h"
#include "checks/report/check_guidance.h"
#include "tpmdrv/tcti_transport.h"
#include <tss2/tss2_sys.h>

static struct report report, baseline;

static const char *evidence(const struct check_result *r, const char *key)
{
	for (int i = 0; i < r->evidence_count; i++)
		if (strcmp(r->evidence[i].key, key) == 0)
			return r->evidence[i].value;
	return NULL;
}

static void run_with_fault(struct scripted_tpm *t, uint32_t cc, uint32_t word, uint32_t rc, int times)
{
	scripted_init(t);
	t->fault = (struct scripted_fault){ cc, word, rc, times };
	scripted_run_engine(t, &report);
}

/* The first finding: RETRY once to the first GetCapability made tpm.present fail. */
static void retry_once_on_first_command_passes(void **state)
{
	struct scripted_tpm t;
	run_with_fault(&t, TPM2_CC_GetCapability, 0, TPM2_RC_RETRY, 1);
	const struct check_result *present = report_find(&report, CHECK_TPM_PRESENT);
	assert_int_equal(present->status, CHECK_PASS);
	assert_string_equal(evidence(present, "tpm_retries"), "1");
	assert_string_equal(evidence(present, "tpm_retry_wait_ms"), "20");
	assert_non_null(strstr(evidence(present, "tpm_retry_last"), "TPM_RC_RETRY: the TPM asked to retry the command "
								     "to TPM2_GetCapability"));
	assert_int_equal(t.clock_ms, 20);
	assert_int_equal(report_find(&report, CHECK_TPM_IDENTITY)->status, CHECK_PASS);
	assert_null(evidence(report_find(&report, CHECK_TPM_IDENTITY), "tpm_retries")); /* counted where it happened */
}

/* TESTING three times on a later command (the self-test's GetTestResult): that check's normal result. */
static void testing_thrice_on_later_command_gives_normal_result(void **state)
{
	struct scripted_tpm t;
	run_with_fault(&t, TPM2_CC_GetTestResult, 0, TPM2_RC_TESTING, 3);
	const struct check_result *selftest = report_find(&report, CHECK_TPM_SELFTEST);
	assert_int_equal(selftest->status, CHECK_PASS);
	assert_string_equal(evidence(selftest, "tpm_retries"), "3");
	assert_string_equal(evidence(selftest, "tpm_retry_wait_ms"), "140"); /* 20 + 40 + 80 */
	assert_non_null(strstr(evidence(selftest, "tpm_retry_last"), "TPM_RC_TESTING"));
	assert_int_equal(scripted_count(&t, TPM2_CC_GetTestResult), 4);
	assert_null(evidence(report_find(&report, CHECK_TPM_PRESENT), "tpm_retries"));
}

/* A TPM that always says RETRY (or TESTING): resent within the budget, then the check names command and code. */
static void endless_warning_is_bounded(uint32_t rc, const char *name, uint64_t budget_ms)
{
	struct scripted_tpm t;
	run_with_fault(&t, TPM2_CC_GetTestResult, 0, rc, -1);
	const struct check_result *selftest = report_find(&report, CHECK_TPM_SELFTEST);
	assert_int_equal(selftest->status, CHECK_ERROR);
	assert_string_equal(selftest->reason, "command-failed");
	assert_non_null(strstr(selftest->summary, "TPM2_GetTestResult"));
	assert_non_null(strstr(selftest->details, name));
	const char *last = evidence(selftest, "tpm_retry_last");
	assert_non_null(strstr(last, name));
	assert_non_null(strstr(last, "to TPM2_GetTestResult (retry budget spent"));
	unsigned resent = (unsigned)atoi(evidence(selftest, "tpm_retries"));
	assert_true(resent >= 5 && resent <= 20);
	assert_int_equal(scripted_count(&t, TPM2_CC_GetTestResult), resent + 1);
	assert_true(t.clock_ms <= budget_ms);
	assert_true(t.clock_ms >= budget_ms / 2);
	printf("  %s forever: %u resends, %llu ms waited\n", name, resent, (unsigned long long)t.clock_ms);
	/* the next checks are not held up: a warning is not failure mode */
	assert_int_equal(report_find(&report, CHECK_TPM_PCR_BANKS)->status, CHECK_PASS);
}

static void endless_retry_is_bounded(void **state)
{
	endless_warning_is_bounded(TPM2_RC_RETRY, "TPM_RC_RETRY", 3000);
	endless_warning_is_bounded(TPM2_RC_YIELDED, "TPM_RC_YIELDED", 3000);
}

static void endless_testing_is_bounded_longer(void **state)
{
	endless_warning_is_bounded(TPM2_RC_TESTING, "TPM_RC_TESTING", 8000);
}

/* A clock that never advances still ends: the count bounds it. */
static uint64_t stopped_now(void *ctx) { return 0; }
static void stopped_sleep(void *ctx, uint32_t ms) { }

static void stopped_clock_is_bounded_by_count(void **state)
{
	struct scripted_tpm t;
	scripted_init(&t);
	struct tpm_clock stopped = { stopped_now, stopped_sleep, NULL };
	t.base.clock = &stopped;
	t.fault = (struct scripted_fault){ TPM2_CC_GetTestResult, 0, TPM2_RC_RETRY, -1 };
	TSS2_TCTI_CONTEXT *tcti = tcti_transport_new(&t.base);
	size_t size = Tss2_Sys_GetContextSize(0);
	TSS2_SYS_CONTEXT *sys = calloc(1, size);
	TSS2_ABI_VERSION abi = TSS2_ABI_VERSION_CURRENT;
	assert_int_equal(Tss2_Sys_Initialize(sys, size, tcti, &abi), TSS2_RC_SUCCESS);
	TPM2B_MAX_BUFFER out = { .size = 0 };
	TPM2_RC result;
	assert_int_equal(Tss2_Sys_GetTestResult(sys, NULL, &out, &result, NULL), TPM2_RC_RETRY);
	struct tcti_retry_stats stats;
	tcti_transport_retry_stats(tcti, &stats);
	assert_int_equal(stats.resent, 20);
	assert_int_equal(stats.gave_up, 1);
	assert_int_equal(scripted_count(&t, TPM2_CC_GetTestResult), 21);
	Tss2_Sys_Finalize(sys);
	free(sys);
	tcti_transport_free(tcti);
}

/* A check that needs the TPM and no fact this offline run lacks before it (the network's: skipped "offline"). */
static bool needs_tpm(const struct check_descriptor *d)
{
	unsigned tpm = NEEDS(FACT_TPM_ANSWERS) | NEEDS(FACT_TPM20) | NEEDS(FACT_TPM_USABLE);
	unsigned before = NEEDS(FACT_PLATFORM) | NEEDS(FACT_NETWORK_SETUP) | NEEDS(FACT_ONLINE) | NEEDS(FACT_NETWORK_TIME);
	return ((d->facts | d->gathers) & tpm) && !(d->facts & before);
}

static void assert_failure_mode_error(const struct check_result *r)
{
	assert_int_equal(r->status, CHECK_ERROR);
	assert_string_equal(r->reason, "tpm-failure-mode");
	assert_non_null(strstr(r->summary, "the TPM is in failure mode"));
	assert_non_null(strstr(r->summary, "TPM2_GetTestResult: testResult 0x00000101"));
	assert_string_equal(evidence(r, "out_data"), "000012340000012c00000005");
	struct guidance g = check_guidance(r);
	assert_non_null(strstr(g.fix, "Power the PC off completely"));
	assert_non_null(strstr(g.fix, "RMA"));
	assert_null(strstr(g.fix, "Clear the TPM"));
	assert_non_null(strstr(g.predicts, "0x81039001"));
}

/* The index in the log of the first command with this code and first parameter. */
static size_t first_call(const struct scripted_tpm *t, uint32_t cc, uint32_t word)
{
	for (size_t i = 0; i < t->log_count; i++)
		if (t->log[i].cc == cc && t->log[i].handle[0] == word)
			return i;
	fail_msg("command 0x%x not sent", (unsigned)cc);
	return 0;
}

/* TPM_RC_FAILURE to the PCR banks' GetCapability, in the middle of the run. */
static void failure_mode_mid_run(void **state)
{
	struct scripted_tpm clean, t;
	scripted_init(&clean);
	scripted_run_engine(&clean, &baseline);
	run_with_fault(&t, TPM2_CC_GetCapability, TPM2_CAP_PCRS, TPM2_RC_FAILURE, 1);
	/* GetTestResult: once for the self-test, and once when failure mode showed; nothing else after it */
	size_t failed = first_call(&t, TPM2_CC_GetCapability, TPM2_CAP_PCRS);
	assert_int_equal(t.log[failed + 1].cc, TPM2_CC_GetTestResult);
	assert_int_equal(t.log_count, failed + 2);
	assert_int_equal(scripted_count(&t, TPM2_CC_GetTestResult), 2);

	const struct check_result *banks = report_find(&report, CHECK_TPM_PCR_BANKS);
	assert_failure_mode_error(banks);
	assert_non_null(strstr(banks->summary, "TPM_RC_FAILURE to TPM2_GetCapability"));
	assert_non_null(strstr(banks->details, "TPM2_GetCapability(TPM_CAP_PCRS)"));
	assert_string_equal(evidence(banks, "failed_command"), "TPM2_GetCapability");
	bool after = false;
	for (int i = 0; i < report.count; i++) {
		const struct check_result *r = &report.results[i], *was = report_find(&baseline, r->check->index);
		after = after || r->check->index == CHECK_TPM_PCR_BANKS;
		if (after && needs_tpm(r->check)) {
			assert_failure_mode_error(r);
			continue;
		}
		/* before the failure, and the checks that do not need the TPM: as without it */
		assert_int_equal(r->status, was->status);
		assert_string_equal(r->reason, was->reason);
	}
	assert_int_equal(report_verdict(&report), VERDICT_NOT_READY);
}

/* In failure mode from the start: GetCapability gives one property at a time and no family (no TPM_RC_FAILURE). */
static void failure_mode_from_start(void **state)
{
	struct scripted_tpm t;
	scripted_init(&t);
	t.failure_mode = true;
	scripted_run_engine(&t, &report);
	assert_failure_mode_error(report_find(&report, CHECK_TPM_PRESENT));
	const struct check_result *id = report_find(&report, CHECK_TPM_IDENTITY);
	assert_int_equal(id->status, CHECK_PASS); /* what it gives is shown: the manufacturer and firmware for an RMA */
	assert_string_equal(evidence(id, "manufacturer"), "IBM");
	const struct check_result *selftest = report_find(&report, CHECK_TPM_SELFTEST);
	assert_int_equal(selftest->status, CHECK_FAIL);
	assert_string_equal(selftest->reason, "failure-mode");
	assert_string_equal(evidence(selftest, "out_data"), "000012340000012c00000005");
	for (int i = CHECK_TPM_VIRTUAL; i < CHECK_COUNT; i++)
		if (needs_tpm(check_descriptor((enum check_id)i)))
			assert_failure_mode_error(report_find(&report, (enum check_id)i));
	assert_int_equal(scripted_count(&t, TPM2_CC_GetTestResult), 1);
	assert_int_equal(scripted_count(&t, TPM2_CC_GetCapability) + 1, t.log_count);
}

/* TPM_RC_FAILURE to the very first command: the TPM is there, in failure mode - not "did not answer". */
static void failure_to_first_command(void **state)
{
	struct scripted_tpm t;
	run_with_fault(&t, TPM2_CC_GetCapability, 0, TPM2_RC_FAILURE, 1);
	const struct check_result *present = report_find(&report, CHECK_TPM_PRESENT);
	assert_failure_mode_error(present);
	assert_non_null(strstr(present->details, "answered TPM2_GetCapability with an error"));
	assert_string_equal(evidence(present, "transport"), "test"); /* the judge's evidence stays */
	assert_failure_mode_error(report_find(&report, CHECK_TPM_IDENTITY));
	const struct check_result *selftest = report_find(&report, CHECK_TPM_SELFTEST);
	assert_int_equal(selftest->status, CHECK_FAIL);
	assert_string_equal(selftest->reason, "failure-mode");
	assert_int_equal(scripted_count(&t, TPM2_CC_GetTestResult), 1);
	assert_int_equal(t.log_count, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(retry_once_on_first_command_passes),
		cmocka_unit_test(testing_thrice_on_later_command_gives_normal_result),
		cmocka_unit_test(endless_retry_is_bounded),
		cmocka_unit_test(endless_testing_is_bounded_longer),
		cmocka_unit_test(stopped_clock_is_bounded_by_count),
		cmocka_unit_test(failure_mode_mid_run),
		cmocka_unit_test(failure_mode_from_start),
		cmocka_unit_test(failure_to_first_command),
	};
	return cmocka_run_group_tests_name("tpm_warnings", tests, NULL, NULL);
}
