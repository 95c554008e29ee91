/*
 * test_ek_once.c - at most one RSA key generation per run: the RSA EK is made
 * once (TPM2_CreatePrimary when there is no persistent EK) and shared by
 * ek.key.match and ek.activation, the activation self-test's attestation key
 * is ECC P-256 unless the RSA one is asked for, and the EK is flushed when
 * the engine releases the TPM. Against the scripted TPM, with swtpm's RSA EK
 * certificate in NV (tests/fuzz/seeds/fuzz_ek_cert/swtpm-ek-rsa.der).
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
#include "checks/report/report.h"

#define EK_CERT_ATTRIBUTES (TPMA_NV_PPWRITE | TPMA_NV_PPREAD | TPMA_NV_OWNERREAD | TPMA_NV_AUTHREAD | TPMA_NV_NO_DA | \
			    TPMA_NV_PLATFORMCREATE | TPMA_NV_WRITTEN)

static struct report report;
static uint8_t cert[2048];
static size_t cert_len;

static int load_cert(void **state)
{
	(void)state;
	cert_len = scripted_swtpm_ek_cert(cert, sizeof(cert));
	return cert_len > 0 ? 0 : -1;
}

static void tpm_with_rsa_certificate(struct scripted_tpm *t, bool persistent_ek, int activation_key)
{
	scripted_init(t);
	scripted_add_nv_data(t, 0x01C00002, EK_CERT_ATTRIBUTES, cert, (uint16_t)cert_len);
	t->persistent_rsa_ek = persistent_ek;
	t->activation_key = activation_key;
}

static const struct check_result *outcome(enum check_id id)
{
	const struct check_result *r = report_find(&report, id);
	assert_non_null(r);
	return r;
}

static const char *evidence(const struct check_result *r, const char *key)
{
	for (int i = 0; i < r->evidence_count; i++)
		if (strcmp(r->evidence[i].key, key) == 0)
			return r->evidence[i].value;
	return "";
}

/* Reached the end of the activation: the attestation key was created, loaded and used. */
static void assert_activation_ran(const struct scripted_tpm *t)
{
	assert_int_equal(scripted_count(t, TPM2_CC_ActivateCredential), 1);
	const struct check_result *r = outcome(CHECK_EK_ACTIVATION);
	assert_string_equal(r->reason, "wrong-secret"); /* the scripted TPM encrypts nothing */
}

/* No persistent EK: ek.key.match and ek.activation both use the EK, which is created once and flushed at the end. */
static void ek_created_once_and_flushed(void **state)
{
	struct scripted_tpm t;
	tpm_with_rsa_certificate(&t, false, AK_ECC_P256);
	scripted_run_engine(&t, &report);
	assert_string_equal(outcome(CHECK_EK_KEY_MATCH)->reason, "key-mismatch"); /* compared: the made-up key differs */
	assert_activation_ran(&t);
	assert_int_equal(scripted_count(&t, TPM2_CC_CreatePrimary), 1);
	assert_int_equal(scripted_key_generations(&t, TPM2_ALG_RSA), 1);
	assert_int_equal(scripted_key_generations(&t, TPM2_ALG_ECC), 1); /* the attestation key */
	assert_int_equal(t.loaded_count, 0);                              /* the EK, the AK and every session flushed */
	assert_non_null(strstr(evidence(outcome(CHECK_EK_ACTIVATION), "ek"), "TPM2_CreatePrimary"));
	assert_non_null(strstr(evidence(outcome(CHECK_EK_ACTIVATION), "attestation_key"), "ECC P-256"));
	assert_true(evidence(outcome(CHECK_EK_ACTIVATION), "key_creation_ms")[0] != 0);
}

/* A persistent EK: its public area is read once for both checks; the one RSA generation is ek.key.match's
 * fresh EK, made because the persistent key differs from the certificate (it may come from another template). */
static void persistent_ek_read_once(void **state)
{
	struct scripted_tpm t;
	tpm_with_rsa_certificate(&t, true, AK_ECC_P256);
	scripted_run_engine(&t, &report);
	assert_activation_ran(&t);
	assert_int_equal(scripted_count(&t, TPM2_CC_ReadPublic), 1);
	assert_int_equal(scripted_key_generations(&t, TPM2_ALG_RSA), 1);
	assert_int_equal(t.loaded_count, 0);
	assert_string_equal(evidence(outcome(CHECK_EK_ACTIVATION), "ek"), "persistent 0x81010001");
}

/* activation_key = rsa: Windows' RSA-2048 AIK, the one further RSA generation the option asks for. */
static void rsa_option_makes_windows_aik(void **state)
{
	struct scripted_tpm t;
	tpm_with_rsa_certificate(&t, false, AK_RSA_2048);
	scripted_run_engine(&t, &report);
	assert_activation_ran(&t);
	assert_int_equal(scripted_count(&t, TPM2_CC_CreatePrimary), 1);
	assert_int_equal(scripted_key_generations(&t, TPM2_ALG_RSA), 2);
	assert_int_equal(scripted_key_generations(&t, TPM2_ALG_ECC), 0);
	assert_int_equal(t.loaded_count, 0);
	assert_non_null(strstr(evidence(outcome(CHECK_EK_ACTIVATION), "attestation_key"), "RSA-2048"));
}

/* The EK cannot be had: both checks that need it say why, from one attempt. */
static void ek_failure_is_each_checks_cause(void **state)
{
	struct scripted_tpm t;
	tpm_with_rsa_certificate(&t, false, AK_ECC_P256);
	t.strand_cc = TPM2_CC_CreatePrimary;
	scripted_run_engine(&t, &report);
	assert_int_equal(scripted_count(&t, TPM2_CC_CreatePrimary), 1);
	assert_int_equal(t.loaded_count, 0); /* the EK made for the lost answer was flushed */
	const struct check_result *a = outcome(CHECK_EK_ACTIVATION), *m = outcome(CHECK_EK_KEY_MATCH);
	assert_int_equal(a->status, CHECK_ERROR);
	assert_string_equal(a->reason, "no-endorsement-key");
	assert_non_null(strstr(a->summary, "TPM2_CreatePrimary"));
	assert_int_equal(m->status, CHECK_ERROR);
	assert_string_equal(m->reason, "key-unreadable");
	assert_int_equal(scripted_count(&t, TPM2_CC_StartAuthSession), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ek_created_once_and_flushed),
		cmocka_unit_test(persistent_ek_read_once),
		cmocka_unit_test(rsa_option_makes_windows_aik),
		cmocka_unit_test(ek_failure_is_each_checks_cause),
	};
	return cmocka_run_group_tests_name("ek_once", tests, load_cert, NULL);
}
