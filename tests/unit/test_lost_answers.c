/*
 * test_lost_answers.c - a TPM that creates the object or session and then
 * stops answering (the transport times out): the run lists the loaded
 * handles and flushes the new one, and leaves the ones that were there
 * before alone.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "scripted_tpm.h"
#include "checks/engine/engine.h"
#include "checks/tpm/tpm_ek_primary.h"
#include "checks/tpm/tpm_handles.h"
#include "tpmdrv/tcti_transport.h"

/* Someone else's object and session, loaded before the run (firmware, another program): never flushed. */
enum { OTHERS_OBJECT = 0x80000010, OTHERS_SESSION = 0x02000010 };

static struct report report;

static void scripted_with_others(struct scripted_tpm *t, uint32_t strand_cc)
{
	scripted_init(t);
	t->strand_cc = strand_cc;
	t->loaded[t->loaded_count++] = OTHERS_OBJECT;
	t->loaded[t->loaded_count++] = OTHERS_SESSION;
}

static void assert_only_others_loaded(const struct scripted_tpm *t)
{
	assert_true(t->created > 0); /* the command did create its handle before the answer was lost */
	assert_int_equal(t->loaded_count, 2);
	assert_true(scripted_is_loaded(t, OTHERS_OBJECT));
	assert_true(scripted_is_loaded(t, OTHERS_SESSION));
}

/* tpm_ek_public making the EK with CreatePrimary, whose answer is lost (or garbled): the new object is flushed and
 * only what others left stays loaded. Returns what tpm_ek_public returned. */
static TSS2_RC create_primary_answer_lost(bool garbled, bool *created)
{
	struct scripted_tpm t;
	scripted_with_others(&t, TPM2_CC_CreatePrimary);
	t.strand_garbles = garbled;
	TSS2_TCTI_CONTEXT *tcti = tcti_transport_new(&t.base);
	size_t size = Tss2_Sys_GetContextSize(0);
	TSS2_SYS_CONTEXT *sys = calloc(1, size);
	TSS2_ABI_VERSION abi = TSS2_ABI_VERSION_CURRENT;
	assert_int_equal(Tss2_Sys_Initialize(sys, size, tcti, &abi), TSS2_RC_SUCCESS);
	TPM2B_PUBLIC pub;
	*created = true;
	TSS2_RC rc = tpm_ek_public(sys, 0x01C00002, true, &pub, created);
	assert_only_others_loaded(&t);
	assert_int_equal(scripted_count(&t, TPM2_CC_FlushContext), 1);
	Tss2_Sys_Finalize(sys);
	free(sys);
	tcti_transport_free(tcti);
	return rc;
}

static void ek_create_primary_lost_answer_is_flushed(void **state)
{
	bool created;
	assert_int_equal(create_primary_answer_lost(false, &created), TSS2_TCTI_RC_TRY_AGAIN);
	assert_false(created);
}

/* An answer that says success but cannot be decoded (a size out of range: the MU layer's error) is lost too. */
static void ek_create_primary_garbled_answer_is_flushed(void **state)
{
	bool created;
	assert_int_equal(create_primary_answer_lost(true, &created) & TSS2_RC_LAYER_MASK, TSS2_MU_RC_LAYER);
}

/* The activation self-test: the EK re-created (no persistent one), and the answer to CreatePrimary lost. */
static void activation_ek_lost_answer_is_flushed(void **state)
{
	struct scripted_tpm t;
	scripted_with_others(&t, TPM2_CC_CreatePrimary);
	scripted_run_engine(&t, &report);
	assert_only_others_loaded(&t);
	const struct check_result *r = report_find(&report, CHECK_EK_ACTIVATION);
	assert_int_equal(r->status, CHECK_ERROR); /* the EK fact is missing, with the command that failed */
	assert_string_equal(r->reason, "no-endorsement-key");
	assert_non_null(strstr(r->summary, "TPM2_CreatePrimary"));
}

/* The activation self-test with the persistent EK: the answer to StartAuthSession (the EK policy) lost. */
static void activation_session_lost_answer_is_flushed(void **state)
{
	struct scripted_tpm t;
	scripted_with_others(&t, TPM2_CC_StartAuthSession);
	t.persistent_rsa_ek = true;
	scripted_run_engine(&t, &report);
	assert_only_others_loaded(&t);
	const struct check_result *r = report_find(&report, CHECK_EK_ACTIVATION);
	assert_int_equal(r->status, CHECK_ERROR);
	assert_string_equal(r->reason, "activation-incomplete");
	assert_non_null(strstr(r->summary, "TPM2_StartAuthSession (policy) for TPM2_Create")); /* the command that failed */
}

/* Only a lost answer calls for the listing: a TPM error means nothing was created. */
static void only_lost_answers_count(void **state)
{
	assert_true(tpm_answer_lost(TSS2_TCTI_RC_TRY_AGAIN));
	assert_true(tpm_answer_lost(TSS2_TCTI_RC_IO_ERROR));
	assert_true(tpm_answer_lost(TSS2_SYS_RC_MALFORMED_RESPONSE));
	assert_true(tpm_answer_lost(TSS2_MU_RC_INSUFFICIENT_BUFFER));
	assert_true(tpm_answer_lost(TSS2_MU_RC_BAD_SIZE));
	assert_false(tpm_answer_lost(TSS2_RC_SUCCESS));
	assert_false(tpm_answer_lost(TPM2_RC_HANDLE | TPM2_RC_1));
	assert_false(tpm_answer_lost(TPM2_RC_RETRY));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ek_create_primary_lost_answer_is_flushed),
		cmocka_unit_test(ek_create_primary_garbled_answer_is_flushed),
		cmocka_unit_test(activation_ek_lost_answer_is_flushed),
		cmocka_unit_test(activation_session_lost_answer_is_flushed),
		cmocka_unit_test(only_lost_answers_count),
	};
	return cmocka_run_group_tests_name("lost_answers", tests, NULL, NULL);
}
