/* test_advisories.c - the advisory table: the built-in rows, a site's file, bad rows, matching. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "checks/trust/firmware_advisories.h"

static char problems[2048];
static void collect(void *ctx, const char *m)
{
	strcat(problems, m);
	strcat(problems, "|");
}

/* TPM_PT_MANUFACTURER as the TPM answers it, from the text */
static uint32_t manufacturer_value(const char *mfr)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++)
		v = v << 8 | (uint8_t)(i < (int)strlen(mfr) ? mfr[i] : 0);
	return v;
}

/* The first advisory that matches a TPM answering these raw words (TPM_PT_FIRMWARE_VERSION_1/2). */
static const struct firmware_advisory *raw_match(const struct advisory_list *l, const char *mfr, uint32_t fw1, uint32_t fw2,
						 bool only3072)
{
	struct tpm_firmware_version v = tpm_firmware_version(manufacturer_value(mfr), fw1, fw2);
	for (size_t i = 0; i < l->count; i++)
		if (firmware_advisory_matches(&l->rows[i], mfr, &v, only3072))
			return &l->rows[i];
	return NULL;
}

static const struct firmware_advisory *first_match(const struct advisory_list *l, const char *mfr, uint32_t fw1, bool only3072)
{
	return raw_match(l, mfr, fw1, 0, only3072);
}

static void builtin_rows_match_the_documented_ranges(void **state)
{
	struct advisory_list *l = malloc(sizeof(*l));
	advisories_builtin(l);
	assert_true(l->count >= 10);
	const struct firmware_advisory *a = first_match(l, "IFX", 0x0007003D, false); /* 7.61: last vulnerable */
	assert_non_null(a);
	assert_string_equal(a->status, "fail");
	assert_non_null(strstr(a->predicts, "0x81039024"));
	assert_null(first_match(l, "IFX", 0x0007003E, false)); /* 7.62 fixed */
	assert_null(first_match(l, "IFX", 0x00070055, false)); /* 7.85 */
	assert_non_null(first_match(l, "IFX", 0x00850020, false)); /* 133.32 */
	assert_null(first_match(l, "STM", 0x0007003D, false)); /* another vendor */
	a = first_match(l, "IFX", 0x000F0016, false);           /* SLB9672 15.22 */
	assert_string_equal(a->status, "warn");
	a = first_match(l, "NTC", 0x00070002, true);
	assert_non_null(a);
	assert_true(a->ek_rsa3072_only);
	free(l);
}

/*
 * Real firmware words around the boundaries of the built-in rows. Infineon's as TPMScan
 * (crocs-muni/tpmscan-dataset) recorded them, shown in Infineon's form: 7.61.2785.0 is the last ROCA release
 * of the 7.x line, 7.62.3126.0 the first fixed one (Microsoft ADV170012), 5.61.2785.0 / 5.63.3353.0 on the
 * 5.x line; the SLB9672 15.22 row must not take in 15.23. Intel, Nuvoton, AMD and ST: tpm_firmware_version.c.
 */
static void real_firmware_around_advisory_boundaries(void **state)
{
	struct advisory_list *l = malloc(sizeof(*l));
	advisories_builtin(l);
	const struct firmware_advisory *a = raw_match(l, "IFX", 0x0007003D, 0x000AE100, false); /* 7.61.2785.0 */
	assert_non_null(a);
	assert_string_equal(a->id, "ifx-roca-7.0-7.61");
	assert_null(raw_match(l, "IFX", 0x0007003E, 0x000C3600, false)); /* 7.62.3126.0: fixed */
	assert_null(raw_match(l, "IFX", 0x0007003F, 0x000D1900, false)); /* 7.63.3353.0 */
	assert_null(raw_match(l, "IFX", 0x00070055, 0x0011CB00, false)); /* 7.85.4555.0 */
	assert_string_equal(raw_match(l, "IFX", 0x00070028, 0x00083200, false)->id, "ifx-roca-7.0-7.61"); /* 7.40.2098.0 */
	assert_string_equal(raw_match(l, "IFX", 0x0005003D, 0x000AE100, false)->id, "ifx-roca-5.0-5.61"); /* 5.61.2785.0 */
	assert_null(raw_match(l, "IFX", 0x0005003F, 0x000D1900, false));                                 /* 5.63.3353.0 */
	assert_string_equal(raw_match(l, "IFX", 0x0004002A, 0x00000000, false)->id, "ifx-roca-4.40-4.42"); /* 4.42 */
	assert_null(raw_match(l, "IFX", 0x0004002B, 0x00000000, false));                                   /* 4.43 */
	assert_string_equal(raw_match(l, "IFX", 0x000F0016, 0x00000000, false)->status, "warn"); /* 15.22 */
	/* 15.23.17664.0 and 26.13.17770.0: Infineon's SLB9672/9673 update files (TPM20_15.23.17664.0_R1.BIN) */
	assert_null(raw_match(l, "IFX", 0x000F0017, 0x00450000, false));
	assert_null(raw_match(l, "IFX", 0x001A000D, 0x00456A00, false));
	/* the same words from another maker are not Infineon's: no ROCA row for Intel, Nuvoton or ST */
	assert_null(raw_match(l, "INTC", 0x000B0008, 0x00320D62, false)); /* Intel PTT 11.8.50.3426 */
	assert_null(raw_match(l, "INTC", 0x02580012, 0x001907EB, false)); /* Intel PTT 600.18.25.2027 */
	assert_null(raw_match(l, "NTC", 0x00070002, 0x00000002, false));  /* Nuvoton 7.2.0.2 */
	assert_null(raw_match(l, "STM", 0x00490004, 0x44A01164, false));  /* ST 73.4.17568.4452 */
	assert_string_equal(raw_match(l, "AMD", 0x00030025, 0x00000005, false)->status, "note"); /* AMD fTPM 3.37.0.5 */
	free(l);
}

/* A site row may name build and revision, in the form shown: Infineon's 7.85.4555.0 and Intel's 11.8.50.3426. */
static void site_rows_with_build_numbers(void **state)
{
	const char text[] = "ifx-before-4555\tIFX\tfirmware\t7.85\t7.85.4554.255\tfail\tp\ts\tr\tsrc\n"
			    "intc-3426\tINTC\tfirmware\t11.8.50.3426\t11.8.50.3426\twarn\tp\ts\tr\tsrc\n"
			    "too-long\tIFX\tfirmware\t7.85.1.2.3\t8.0\tfail\tp\ts\tr\tsrc\n";
	struct advisory_list *l = calloc(1, sizeof(*l));
	problems[0] = 0;
	advisories_parse(text, sizeof(text) - 1, l, collect, NULL);
	assert_int_equal(l->count, 2);
	assert_non_null(strstr(problems, "line 3 skipped: from/to"));
	assert_null(raw_match(l, "IFX", 0x00070055, 0x0011CB00, false));              /* 7.85.4555.0 itself */
	assert_string_equal(raw_match(l, "IFX", 0x00070055, 0x0011C400, false)->id, "ifx-before-4555"); /* 7.85.4548.0 */
	/* read with the 16/16 split, 0x0011CB00 would be 7.85.17.51968 - inside the row: the form matters */
	assert_string_equal(raw_match(l, "INTC", 0x000B0008, 0x00320D62, false)->id, "intc-3426");
	assert_null(raw_match(l, "INTC", 0x000B0008, 0x00320D63, false));
	free(l);
}

static void site_file_rows_and_bad_rows(void **state)
{
	const char text[] = "# site rules\r\n"
			    "site-1\tIBM\tfirmware\t8217.0\t8217.65535\tfail\t0x81039024\tTest firmware blocked\tUpdate\tsite policy\r\n"
			    "too\tfew\tfields\n"
			    "bad-version\tIFX\tfirmware\t7\t8.0\tfail\tp\ts\tr\tsrc\n"
			    "bad-status\tIFX\tfirmware\t7.0\t8.0\tmaybe\tp\ts\tr\tsrc\n"
			    "backwards\tIFX\tfirmware\t8.0\t7.0\tfail\tp\ts\tr\tsrc\n";
	struct advisory_list *l = calloc(1, sizeof(*l));
	problems[0] = 0;
	advisories_parse(text, sizeof(text) - 1, l, collect, NULL);
	assert_int_equal(l->count, 1);
	assert_non_null(raw_match(l, "IBM", 0x20191023, 0x00163636, false));
	assert_non_null(strstr(problems, "line 3 skipped: it needs 10"));
	assert_non_null(strstr(problems, "line 4 skipped: from/to"));
	assert_non_null(strstr(problems, "line 5 skipped: status"));
	assert_non_null(strstr(problems, "line 6 skipped: from/to"));
	free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(builtin_rows_match_the_documented_ranges),
		cmocka_unit_test(site_file_rows_and_bad_rows),
		cmocka_unit_test(real_firmware_around_advisory_boundaries),
		cmocka_unit_test(site_rows_with_build_numbers),
	};
	return cmocka_run_group_tests_name("advisories", tests, NULL, NULL);
}
