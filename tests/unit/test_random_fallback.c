/*
 * test_random_fallback.c - a machine without a random source of its own (no EFI_RNG_PROTOCOL, no RDRAND; on
 * Linux, getrandom refused) takes its random numbers from the TPM's TPM2_GetRandom, asking again while an answer
 * is short; it says which source it used; and with no source at all the activation self-test is an error on the
 * tool's side, never a finding that would have the TPM cleared.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include "scripted_tpm.h"
#include "boot/platform.h"
#include "checks/report/check_guidance.h"
#include "checks/table/check_table.h"
#include "checks/tpm/tpm_random.h"
#include "net/net_random.h"

static int no_hardware(void *buf, size_t len, const char **name)
{
	(void)buf, (void)len, (void)name;
	return -1;
}

static int test_hardware(void *buf, size_t len, const char **name)
{
	memset(buf, 0xA5, len);
	*name = "test hardware";
	return 0;
}

static int without_hardware(void *buf, size_t len)
{
	return platform_random_from(no_hardware, buf, len);
}

static void tpm_asks_again_while_an_answer_is_short(void **state)
{
	struct scripted_tpm t;
	struct tpm_random_source s;
	scripted_init(&t);
	assert_int_equal(tpm_random_source_open(&s, &t.base), 0);
	uint8_t buf[100];
	assert_int_equal(tpm_random_source_fill(&s, buf, sizeof(buf)), 0);
	for (int i = 0; i < 100; i++) /* 32 + 32 + 32 + 4: every byte the TPM's, in order */
		assert_int_equal(buf[i], i);
	assert_int_equal(scripted_count(&t, TPM2_CC_GetRandom), 4);
	tpm_random_source_close(&s);
	tpm_random_source_close(&s); /* closing twice is harmless */
}

static void a_tpm_error_gives_no_bytes(void **state)
{
	struct scripted_tpm t;
	struct tpm_random_source s;
	scripted_init(&t);
	t.random_rc = TPM2_RC_FAILURE;
	t.random_next = 7;
	assert_int_equal(tpm_random_source_open(&s, &t.base), 0);
	uint8_t buf[8];
	memset(buf, 0xEE, sizeof(buf));
	assert_int_equal(tpm_random_source_fill(&s, buf, sizeof(buf)), -1);
	assert_int_equal(s.last_rc, TPM2_RC_FAILURE);
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0);
	tpm_random_source_close(&s);
}

static void the_tpm_is_used_only_without_a_platform_source(void **state)
{
	struct scripted_tpm t;
	struct tpm_random_source s;
	scripted_init(&t);
	uint8_t buf[40];
	platform_random_fallback(NULL, NULL, NULL);
	assert_int_equal(platform_random_from(no_hardware, buf, sizeof(buf)), -1); /* nothing weaker is made up */
	assert_int_equal(tpm_random_source_open(&s, &t.base), 0);
	platform_random_fallback(tpm_random_source_fill, &s, "TPM2_GetRandom");
	assert_int_equal(platform_random_from(no_hardware, buf, sizeof(buf)), 0);
	assert_string_equal(platform_random_source(), "TPM2_GetRandom");
	assert_int_equal(buf[39], 39);
	assert_int_equal(scripted_count(&t, TPM2_CC_GetRandom), 2);
	assert_int_equal(platform_random_from(test_hardware, buf, sizeof(buf)), 0);
	assert_string_equal(platform_random_source(), "test hardware");
	assert_int_equal(platform_random(buf, sizeof(buf)), 0);
	assert_string_equal(platform_random_source(), "getrandom");
	assert_int_equal(scripted_count(&t, TPM2_CC_GetRandom), 2); /* the platform's own source came first */
	/* the network starts on the TPM's numbers */
	char problem[300] = "", code[FAILURE_CODE_MAX] = "";
	assert_int_equal(net_random_check(without_hardware, problem, sizeof(problem), code), 0);
	t.random_rc = TPM2_RC_FAILURE;
	assert_int_equal(net_random_check(without_hardware, problem, sizeof(problem), code), -1);
	assert_non_null(strstr(problem, "TPM2_GetRandom"));
	assert_string_equal(code, "NET-RANDOM-FAILED");
	platform_random_fallback(NULL, NULL, NULL);
	assert_int_equal(platform_random_from(no_hardware, buf, sizeof(buf)), -1);
	tpm_random_source_close(&s);
}

/* No fix offered for a failure on the tool's side may clear the TPM (a technician would clear a healthy one). */
static void tool_side_reasons_never_clear_the_tpm(void **state)
{
	const struct check_descriptor *d = check_descriptor(CHECK_EK_ACTIVATION);
	static const char *const tool_side[] = { "no-entropy", "activation-incomplete" };
	for (size_t i = 0; i < 2; i++) {
		struct check_result r = { .check = d, .status = CHECK_ERROR };
		snprintf(r.reason, sizeof(r.reason), "%s", tool_side[i]);
		struct guidance g = check_guidance(&r);
		assert_true(g.fix[0]);
		assert_null(strcasestr(g.fix, "clear the TPM"));
		assert_null(strcasestr(g.fix, "update the TPM firmware"));
	}
}

static const char *evidence_of(const struct check_result *r, const char *key)
{
	for (int i = 0; i < r->evidence_count; i++)
		if (strcmp(r->evidence[i].key, key) == 0)
			return r->evidence[i].value;
	return "";
}

static struct report report;

/* Refuses getrandom from here on (ENOSYS, as on a kernel without it): the Linux platform then has no source. */
static void refuse_getrandom(void)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getrandom, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(filter) / sizeof(filter[0]), filter };
	assert_int_equal(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), 0);
	assert_int_equal(prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog), 0);
	uint8_t b;
	const char *name = NULL;
	assert_int_equal(platform_hardware_random(&b, 1, &name), -1);
}

/* The whole run on a machine without a source: the activation self-test draws from the TPM and says so; when the
 * TPM's generator fails too, it is an error on the tool's side. Last: getrandom stays refused. */
static void activation_without_a_platform_source(void **state)
{
	struct scripted_tpm t;
	struct tpm_random_source s;
	scripted_init(&t);
	assert_int_equal(tpm_random_source_open(&s, &t.base), 0);
	platform_random_fallback(tpm_random_source_fill, &s, "TPM2_GetRandom");
	scripted_run_engine(&t, &report);
	const struct check_result *r = report_find(&report, CHECK_EK_ACTIVATION);
	assert_string_equal(evidence_of(r, "random_source"), "getrandom"); /* the platform's own, while it has one */
	assert_int_equal(scripted_count(&t, TPM2_CC_GetRandom), 0);

	refuse_getrandom();
	scripted_run_engine(&t, &report);
	r = report_find(&report, CHECK_EK_ACTIVATION);
	assert_string_equal(evidence_of(r, "random_source"), "TPM2_GetRandom");
	assert_true(scripted_count(&t, TPM2_CC_GetRandom) > 0);
	assert_string_not_equal(r->reason, "no-entropy");

	t.random_rc = TPM2_RC_FAILURE;
	size_t creates = scripted_count(&t, TPM2_CC_Create);
	scripted_run_engine(&t, &report);
	r = report_find(&report, CHECK_EK_ACTIVATION);
	assert_int_equal(r->status, CHECK_ERROR);
	assert_string_equal(r->reason, "no-entropy");
	assert_string_equal(evidence_of(r, "random_source"), "none");
	assert_null(strcasestr(check_guidance(r).fix, "clear the TPM"));
	assert_int_equal(scripted_count(&t, TPM2_CC_Create), creates); /* no attestation key: not tried */
	platform_random_fallback(NULL, NULL, NULL);
	tpm_random_source_close(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tpm_asks_again_while_an_answer_is_short),
		cmocka_unit_test(a_tpm_error_gives_no_bytes),
		cmocka_unit_test(the_tpm_is_used_only_without_a_platform_source),
		cmocka_unit_test(tool_side_reasons_never_clear_the_tpm),
		cmocka_unit_test(activation_without_a_platform_source), /* last: it refuses getrandom for good */
	};
	return cmocka_run_group_tests_name("random fallback", tests, NULL, NULL);
}
