/*
 * test_cab_signature.c - Microsoft's Authenticode signature on TrustedTpm.cab: both real cabs (read in place from
 * ../shared/testdata/trustedtpm; skipped when absent) verify; a byte changed in a file's compressed data, in the
 * signature or in a header field that decides how the cab is read is refused; the bytes the digest skips may
 * change; a cab without a signature is "unsigned"; the certificates are judged at the cab's date.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "checks/cab/cab_signature.h"
#include "checks/cab/ms_code_signing_root.h"
#include "checks/util/utc_time.h"

struct real_cab {
	uint8_t *data;
	size_t len;
	size_t sig_offset, sig_len;
};

/* ../shared beside the clone: from the working directory (the clone's root) or from build/tests/unit/. */
static int load(const char *name, struct real_cab *c)
{
	char exe[PATH_MAX] = "", path[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = 0;
	const char *bases[] = { ".", dirname(dirname(dirname(dirname(exe)))) };
	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/../shared/testdata/trustedtpm/%s", bases[i], name);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		fseek(f, 0, SEEK_END);
		c->len = (size_t)ftell(f);
		rewind(f);
		c->data = malloc(c->len);
		size_t got = fread(c->data, 1, c->len, f);
		fclose(f);
		const char *why;
		assert_int_equal(got, c->len);
		assert_int_equal(cab_signature_locate(c->data, c->len, &c->sig_offset, &c->sig_len, &why), 0);
		return 0;
	}
	return -1;
}

static long long day(int y, int m, int d)
{
	return civil_to_unix(y, m, d, 0, 0, 0);
}

static enum cab_signature_state verify(const uint8_t *data, size_t len, long long on, char *why)
{
	char signer[96];
	return cab_signature_verify(data, len, on, signer, sizeof(signer), why, 200);
}

static void pinned_root_matches_its_thumbprint(void **state)
{
	mbedtls_x509_crt root;
	mbedtls_x509_crt_init(&root);
	assert_int_equal(ms_code_signing_root(&root), 0);
	mbedtls_x509_crt_free(&root);
}

static void real_cabs_are_signed_by_microsoft(void **state)
{
	static const struct { const char *name; int y, m, d; } cabs[] = { { "TrustedTpm-2024-11-21.cab", 2024, 11, 21 },
									     { "TrustedTpm-2024-06-11.cab", 2024, 6, 11 } };
	for (size_t i = 0; i < 2; i++) {
		struct real_cab c;
		if (load(cabs[i].name, &c) != 0)
			skip();
		char signer[96], why[200];
		assert_int_equal(cab_signature_verify(c.data, c.len, day(cabs[i].y, cabs[i].m, cabs[i].d), signer,
						      sizeof(signer), why, sizeof(why)), CAB_SIGNED_BY_MICROSOFT);
		assert_string_equal(signer, "Microsoft Corporation");
		assert_string_equal(why, "");
		free(c.data);
	}
}

/* One byte flipped at each place; `state` the expected outcome and a word of the reason. */
static void one_byte_changed(void **state)
{
	struct real_cab c;
	if (load("TrustedTpm-2024-11-21.cab", &c) != 0)
		skip();
	long long on = day(2024, 11, 21);
	const struct { size_t at; enum cab_signature_state want; const char *reason; } cases[] = {
		{ c.sig_offset - 100, CAB_SIGNATURE_INVALID, "does not match the digest" },   /* compressed file data */
		{ 200, CAB_SIGNATURE_INVALID, "does not match the digest" },                  /* a file's entry */
		{ 28, CAB_SIGNATURE_INVALID, "does not match the digest" },                   /* cFiles */
		{ c.sig_offset + 4066 + 17, CAB_SIGNATURE_INVALID, "does not verify" },      /* the RSA signature */
		{ c.sig_offset + 172, CAB_SIGNATURE_INVALID, "does not match the digest" }, /* the signed file digest */
		{ 39, CAB_SIGNATURE_INVALID, "per-block reserves" },                         /* cbCFData: not digested */
		{ 44, CAB_SIGNATURE_INVALID, "not where the header says" },                  /* the signature's offset */
		{ 5, CAB_SIGNED_BY_MICROSOFT, "" },                                           /* reserved1: skipped */
		{ 34, CAB_SIGNED_BY_MICROSOFT, "" },                                          /* iCabinet: skipped */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char why[200];
		c.data[cases[i].at] ^= 0x01;
		enum cab_signature_state got = verify(c.data, c.len, on, why);
		c.data[cases[i].at] ^= 0x01;
		if (got != cases[i].want || !strstr(why, cases[i].reason))
			fail_msg("byte %zu: %s (%s)", cases[i].at, cab_signature_state_name(got), why);
	}
	free(c.data);
}

static void appended_bytes_are_refused(void **state)
{
	struct real_cab c;
	if (load("TrustedTpm-2024-06-11.cab", &c) != 0)
		skip();
	uint8_t *longer = calloc(1, c.len + 8);
	memcpy(longer, c.data, c.len);
	char why[200];
	assert_int_equal(verify(longer, c.len + 8, day(2024, 6, 11), why), CAB_SIGNATURE_INVALID);
	assert_non_null(strstr(why, "bytes follow it"));
	free(longer);
	free(c.data);
}

/* The signer of the 2024-11-21 cab was valid from 2024-09-12 to 2025-09-11. */
static void certificates_are_judged_at_the_cab_date(void **state)
{
	struct real_cab c;
	if (load("TrustedTpm-2024-11-21.cab", &c) != 0)
		skip();
	char why[200];
	assert_int_equal(verify(c.data, c.len, day(2025, 9, 10), why), CAB_SIGNED_BY_MICROSOFT);
	assert_int_equal(verify(c.data, c.len, day(2024, 8, 20), why), CAB_SIGNED_BY_MICROSOFT); /* within 31 days */
	assert_int_equal(verify(c.data, c.len, day(2025, 9, 13), why), CAB_SIGNATURE_INVALID);
	assert_non_null(strstr(why, "\"Microsoft Corporation\" (valid 2024-09-12 to 2025-09-11) was not valid"));
	assert_int_equal(verify(c.data, c.len, day(2024, 7, 1), why), CAB_SIGNATURE_INVALID);
	free(c.data);
}

static void unsigned_and_foreign_files(void **state)
{
	uint8_t header[64] = { 'M', 'S', 'C', 'F' };
	header[24] = 3, header[25] = 1; /* version 1.3, flags 0: no reserve, so no signature */
	char why[200];
	assert_int_equal(verify(header, sizeof(header), 0, why), CAB_UNSIGNED);
	assert_non_null(strstr(why, "no Authenticode signature"));
	assert_int_equal(verify((const uint8_t *)"PK\3\4 not a cab at all", 22, 0, why), CAB_SIGNATURE_INVALID);
	assert_non_null(strstr(why, "not a CAB file"));
	header[30] = 4, header[36] = 20, header[44] = 60, header[48] = 4; /* a reserve naming 4 bytes of garbage at 60 */
	header[8] = 60, header[16] = 60;
	memcpy(header + 60, "\x30\x02\x05\x00", 4);
	assert_int_equal(verify(header, sizeof(header), 0, why), CAB_SIGNATURE_INVALID);
	assert_non_null(strstr(why, "not a PKCS#7 SignedData"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pinned_root_matches_its_thumbprint),
		cmocka_unit_test(real_cabs_are_signed_by_microsoft),
		cmocka_unit_test(one_byte_changed),
		cmocka_unit_test(appended_bytes_are_refused),
		cmocka_unit_test(certificates_are_judged_at_the_cab_date),
		cmocka_unit_test(unsigned_and_foreign_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
