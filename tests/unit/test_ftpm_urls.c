/*
 * test_ftpm_urls.c - the Intel and AMD EK certificate service URLs against
 * published vectors: the tpm2-tools sample EK (getekcertificate.sh) and a real
 * AMD fTPM EK, with the URLs go-attestation's tests expect for them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "checks/ekcert/ftpm_ek_url.h"

static const char intel_modulus[] =
	"c320e2f244a8601aacf3e01d26c665249935562de1da197e9e7f076c469613cfb653e98ec2c386fc1d133f2c8c6cc338b732f0b208bd838a"
	"877a3e5bbc3e1d4084e835c7c8906a1c05b4d2d30fdbebc1dbad950fa6b165bd4b6a864603146164c0c4f59d489011ef1f928deea6e90061"
	"f3d375e5646273151ef622252098be1a4ab01dc0a12227c609fdaceb115af408d4693a6f49919774695b0c12bc18a1ff7120a7337b2fb5f1"
	"951d8bb7f094d5b554c11c9523b30729fe64787d0a13b9e630488dab4dfd86634a5270ec72fcc5a44dc679a8f32938dd8197e29dae839f5b"
	"4ca0f5de27c9522c23c54e1c2ce57859525118bd4470b18180eef78ae4267bcd";
static const char amd_modulus[] =
	"a3c203dcc44b6505a0ab65882b5a937b61d0c736608835a7e93cf0eae40ea172358b23bda7121a8a5471965d8d78ad654553ff74428257e9"
	"86c2fef94fecb6326ce9161518fcee51b441bc4e2a1c0f0e9690744027d03d87538c3febc3de63c294da00f7fb2c077ebfd1272656d611d2"
	"04642fe7199004faaaba3bc73e1e44a2edf0a7d7e8e1bf63d9027c9b0a0c2b586dce0e6af1d27f5d5581b04bb719bb8d2544fa99cefb1fe8"
	"9baab00028d96d4e2aaeae0f51b0310f54bd749d9c67329a612b0203cc0c221a34ba661ade31af7a9b6e9d70dc13df77065b141a32cd6d70"
	"b8696544b60a3dcaef7c80aaa1606144c7b32d9393583af5a836f71405ed8bd9";

static size_t unhex(const char *hex, uint8_t *out)
{
	size_t n = strlen(hex) / 2;
	for (size_t i = 0; i < n; i++)
		sscanf(hex + 2 * i, "%2hhx", &out[i]);
	return n;
}

static void intel_vector(void **state)
{
	uint8_t m[256];
	char url[200];
	intel_ek_url(m, unhex(intel_modulus, m), url, sizeof(url));
	assert_string_equal(url, "https://ekop.intel.com/ekcertservice/WVEG2rRwkQ7m3RpXlUphgo6Y2HLxl18h6ZZkkOAdnBE%3D");
}

static void amd_vector(void **state)
{
	uint8_t m[256];
	char url[200];
	size_t n = unhex(amd_modulus, m);
	amd_ek_url(m, n, 0, url, sizeof(url));
	assert_string_equal(url, "https://ftpm.amd.com/pki/aia/D027B3CE6A9B6B56846D2B9935884A88");
	amd_ek_url(m, n, 65537, url, sizeof(url));
	assert_string_equal(url, "https://ftpm.amd.com/pki/aia/D027B3CE6A9B6B56846D2B9935884A88");
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(intel_vector), cmocka_unit_test(amd_vector) };
	return cmocka_run_group_tests_name("firmware TPM EK URLs", tests, NULL, NULL);
}
