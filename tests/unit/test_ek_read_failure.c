/*
 * test_ek_read_failure.c - the TPM fails while the EK certificate is read
 * (TPM2_NV_ReadPublic or TPM2_NV_Read answers an error): ek.cert.present is an
 * ERROR naming the command and the response code, never "no RSA certificate"
 * (a FAIL that would send a technician after a certificate that may be fine).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "scripted_tpm.h"
#include "checks/engine/engine.h"
#include <tss2/tss2_tpm2_types.h>

static struct report report;

static const struct check_result *run_with_failing(uint32_t cc, uint32_t rc)
{
	static struct scripted_tpm t;
	scripted_init(&t);
	scripted_add_nv(&t, 0x01C00002, TPMA_NV_AUTHREAD | TPMA_NV_OWNERREAD | TPMA_NV_NO_DA, 900);
	t.fault = (struct scripted_fault){ .cc = cc, .rc = rc, .times = -1 };
	scripted_run_engine(&t, &report);
	return report_find(&report, CHECK_EK_CERT_PRESENT);
}

static void nv_read_failure_is_an_error_naming_it(void **state)
{
	const struct check_result *r = run_with_failing(TPM2_CC_NV_Read, TPM2_RC_LOCKOUT);
	assert_int_equal(r->status, CHECK_ERROR);
	assert_string_equal(r->reason, "certificate-read-failed");
	assert_non_null(strstr(r->details, "0x01c00002: TPM2_NV_Read: 0x00000921 TPM_RC_LOCKOUT"));
}

static void nv_read_public_failure_is_an_error_naming_it(void **state)
{
	const struct check_result *r = run_with_failing(TPM2_CC_NV_ReadPublic, TPM2_RC_LOCKOUT);
	assert_int_equal(r->status, CHECK_ERROR);
	assert_non_null(strstr(r->details, "TPM2_NV_ReadPublic: 0x00000921 TPM_RC_LOCKOUT"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nv_read_failure_is_an_error_naming_it),
		cmocka_unit_test(nv_read_public_failure_is_an_error_naming_it),
	};
	return cmocka_run_group_tests_name("ek_read_failure", tests, NULL, NULL);
}
