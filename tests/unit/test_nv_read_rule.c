/*
 * test_nv_read_rule.c - reading the EK certificate range never risks a
 * dictionary-attack count: no TPM2_NV_Read authorised by an index whose
 * TPMA_NV_NO_DA is clear, the owner authorisation only when it is empty,
 * every other index named as skipped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "scripted_tpm.h"
#include "checks/engine/engine.h"
#include "checks/tpm/nv_read_rule.h"

/* TPM 2.0 Part 2, 13.4: what swtpm_setup gives an EK certificate index, and the index of the reported case
 * (tpm2_nvdefine -a "ownerwrite|ownerread|authread|authwrite" -p <password>). */
#define EK_CERT_ATTRIBUTES (TPMA_NV_PPWRITE | TPMA_NV_PPREAD | TPMA_NV_OWNERREAD | TPMA_NV_AUTHREAD | TPMA_NV_NO_DA | \
			    TPMA_NV_PLATFORMCREATE | TPMA_NV_WRITTEN)
#define PASSWORD_INDEX_ATTRIBUTES (TPMA_NV_OWNERWRITE | TPMA_NV_AUTHWRITE | TPMA_NV_OWNERREAD | TPMA_NV_AUTHREAD | \
				   TPMA_NV_WRITTEN)
#define POLICY_ONLY_ATTRIBUTES (TPMA_NV_PPWRITE | TPMA_NV_POLICYREAD | TPMA_NV_WRITTEN)
#define PIN_FAIL_ATTRIBUTES ((TPM2_NT_PIN_FAIL << TPMA_NV_TPM2_NT_SHIFT) | TPMA_NV_AUTHREAD | TPMA_NV_NO_DA | \
			     TPMA_NV_AUTHWRITE | TPMA_NV_WRITTEN)

static struct report report;

static void scripted_ek_range(struct scripted_tpm *t, bool owner_password)
{
	scripted_init(t);
	scripted_set_property(t, TPM2_PT_PERMANENT, owner_password ? TPMA_PERMANENT_OWNERAUTHSET : 0);
	scripted_add_nv(t, 0x01C00002, EK_CERT_ATTRIBUTES, 600);
	scripted_add_nv(t, 0x01C0000A, POLICY_ONLY_ATTRIBUTES, 500);
	scripted_add_nv(t, 0x01C00012, PIN_FAIL_ATTRIBUTES, 8);
	scripted_add_nv(t, 0x01C00100, PASSWORD_INDEX_ATTRIBUTES, 32);
}

static uint32_t attributes_of(const struct scripted_tpm *t, uint32_t index)
{
	for (size_t i = 0; i < t->nv_count; i++)
		if (t->nv[i].index == index)
			return t->nv[i].attributes;
	return 0;
}

/* Every NV_Read authorised by the index itself went to an index with noDA set. */
static void assert_no_counted_read(const struct scripted_tpm *t)
{
	for (size_t i = 0; i < t->log_count; i++) {
		const struct scripted_call *c = &t->log[i];
		if (c->cc == TPM2_CC_NV_Read && c->handle[0] == c->handle[1])
			assert_true(attributes_of(t, c->handle[1]) & TPMA_NV_NO_DA);
	}
}

static size_t reads_of(const struct scripted_tpm *t, uint32_t auth, uint32_t index)
{
	size_t n = 0;
	for (size_t i = 0; i < t->log_count; i++)
		n += t->log[i].cc == TPM2_CC_NV_Read && t->log[i].handle[0] == auth && t->log[i].handle[1] == index;
	return n;
}

static bool skipped_in_report(uint32_t index, const char *words)
{
	const struct check_result *r = report_find(&report, CHECK_EK_CERT_PRESENT);
	char prefix[16];
	snprintf(prefix, sizeof(prefix), "0x%08x: ", (unsigned)index);
	for (int i = 0; r && i < r->evidence_count; i++)
		if (strncmp(r->evidence[i].key, "skipped_index", 13) == 0 && strncmp(r->evidence[i].value, prefix, 12) == 0 &&
		    strstr(r->evidence[i].value, words))
			return true;
	return false;
}

static void owner_password_set_skips_password_index(void **state)
{
	struct scripted_tpm t;
	scripted_ek_range(&t, true);
	scripted_run_engine(&t, &report);
	assert_no_counted_read(&t);
	assert_true(reads_of(&t, 0x01C00002, 0x01C00002) > 0); /* the certificate is still read */
	assert_int_equal(reads_of(&t, 0x01C00100, 0x01C00100) + reads_of(&t, TPM2_RH_OWNER, 0x01C00100), 0);
	assert_true(skipped_in_report(0x01C00100, "not readable without authorisation"));
	assert_true(skipped_in_report(0x01C0000A, "not readable without authorisation"));
	assert_true(skipped_in_report(0x01C00012, "not an ordinary index"));
}

static void empty_owner_password_reads_through_owner(void **state)
{
	struct scripted_tpm t;
	scripted_ek_range(&t, false);
	scripted_run_engine(&t, &report);
	assert_no_counted_read(&t);
	assert_true(reads_of(&t, TPM2_RH_OWNER, 0x01C00100) > 0);
	assert_int_equal(reads_of(&t, 0x01C00100, 0x01C00100), 0);
	assert_false(skipped_in_report(0x01C00100, ""));
	assert_true(skipped_in_report(0x01C0000A, "not readable without authorisation"));
}

/* The rule itself; the second argument says the owner password is empty. */
static void rule_table(void **state)
{
	assert_int_equal(nv_read_rule(EK_CERT_ATTRIBUTES, true), NV_READ_INDEX_AUTH);
	assert_int_equal(nv_read_rule(EK_CERT_ATTRIBUTES, false), NV_READ_INDEX_AUTH);
	assert_int_equal(nv_read_rule(EK_CERT_ATTRIBUTES & ~TPMA_NV_NO_DA, true), NV_READ_OWNER_AUTH);
	assert_int_equal(nv_read_rule(EK_CERT_ATTRIBUTES & ~TPMA_NV_NO_DA, false), NV_READ_SKIP_NEEDS_AUTH);
	assert_int_equal(nv_read_rule(PASSWORD_INDEX_ATTRIBUTES, true), NV_READ_OWNER_AUTH);
	assert_int_equal(nv_read_rule(PASSWORD_INDEX_ATTRIBUTES, false), NV_READ_SKIP_NEEDS_AUTH);
	assert_int_equal(nv_read_rule(TPMA_NV_AUTHREAD, true), NV_READ_SKIP_NEEDS_AUTH);
	assert_int_equal(nv_read_rule(POLICY_ONLY_ATTRIBUTES, true), NV_READ_SKIP_NEEDS_AUTH);
	assert_int_equal(nv_read_rule(PIN_FAIL_ATTRIBUTES, true), NV_READ_SKIP_NOT_ORDINARY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(owner_password_set_skips_password_index),
		cmocka_unit_test(empty_owner_password_reads_through_owner),
		cmocka_unit_test(rule_table),
	};
	return cmocka_run_group_tests_name("nv_read_rule", tests, NULL, NULL);
}
