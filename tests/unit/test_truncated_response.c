/*
 * test_truncated_response.c - a response cut short behind a header whose size
 * matches what was sent: tss2-sys decodes it against its whole buffer, so the
 * missing bytes would be read from whatever the buffer held before - here the
 * previous answer's value (seen in the fault sweep: a truncated
 * TPM2_GetTestResult read as "a failed self-test", a truncated PCR list as "no
 * SHA-256 bank"). The queries refuse it instead.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include "scripted_tpm.h"
#include "checks/tpm/tpm_query.h"
#include "tpmdrv/tcti_transport.h"

/* Reads the manufacturer whole, then the firmware version with its answer cut short (or whole). */
static TSS2_RC second_property(bool cut, uint32_t *value)
{
	static struct scripted_tpm t;
	scripted_init(&t);
	TSS2_TCTI_CONTEXT *tcti = tcti_transport_new(&t.base);
	size_t size = Tss2_Sys_GetContextSize(0);
	TSS2_SYS_CONTEXT *sys = calloc(1, size);
	TSS2_ABI_VERSION abi = TSS2_ABI_VERSION_CURRENT;
	assert_int_equal(Tss2_Sys_Initialize(sys, size, tcti, &abi), TSS2_RC_SUCCESS);
	uint32_t first = 0;
	assert_int_equal(tpm_property(sys, TPM2_PT_MANUFACTURER, &first), TSS2_RC_SUCCESS);
	assert_int_equal(first, 0x49424D00); /* "IBM" */
	t.truncate_cc = cut ? TPM2_CC_GetCapability : 0;
	TSS2_RC rc = tpm_property(sys, TPM2_PT_FIRMWARE_VERSION_1, value);
	Tss2_Sys_Finalize(sys);
	free(sys);
	tcti_transport_free(tcti);
	return rc;
}

static void a_whole_answer_is_read(void **state)
{
	uint32_t value = 0;
	assert_int_equal(second_property(false, &value), TSS2_RC_SUCCESS);
	assert_int_not_equal(value, 0x49424D00);
}

static void an_answer_cut_short_is_malformed_not_stale(void **state)
{
	uint32_t value = 0;
	assert_int_equal(second_property(true, &value), TSS2_SYS_RC_MALFORMED_RESPONSE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_whole_answer_is_read),
		cmocka_unit_test(an_answer_cut_short_is_malformed_not_stale),
	};
	return cmocka_run_group_tests_name("truncated_response", tests, NULL, NULL);
}
