/* ftpm_ek_url.c - the vendor EK certificate service addresses, from the key (docs/attestation-facts.md §5). */
#include "checks/ekcert/ftpm_ek_url.h"
#include <mbedtls/base64.h>
#include <mbedtls/sha256.h>
#include <stdio.h>
#include <string.h>

void intel_ek_url(const uint8_t *modulus, size_t len, char *out, size_t out_len)
{
	static const uint8_t exponent[3] = { 0x01, 0x00, 0x01 };
	uint8_t digest[32];
	unsigned char b64[64];
	size_t n = 0;
	mbedtls_sha256_context ctx;
	mbedtls_sha256_init(&ctx);
	mbedtls_sha256_starts(&ctx, 0);
	mbedtls_sha256_update(&ctx, modulus, len);
	mbedtls_sha256_update(&ctx, exponent, sizeof(exponent));
	mbedtls_sha256_finish(&ctx, digest);
	mbedtls_sha256_free(&ctx);
	mbedtls_base64_encode(b64, sizeof(b64), &n, digest, sizeof(digest));
	size_t used = (size_t)snprintf(out, out_len, "https://ekop.intel.com/ekcertservice/");
	for (size_t i = 0; i < n && used + 4 < out_len; i++) {
		char c = (char)b64[i];
		if (c == '=') { /* the padding is kept, URL-escaped */
			memcpy(out + used, "%3D", 3);
			used += 3;
			continue;
		}
		out[used++] = c == '+' ? '-' : c == '/' ? '_' : c;
	}
	out[used < out_len ? used : out_len - 1] = 0;
}

void amd_ek_url(const uint8_t *modulus, size_t len, uint32_t exponent, char *out, size_t out_len)
{
	static const uint8_t prefix[4] = { 0x00, 0x00, 0x22, 0x22 };
	uint32_t e = exponent ? exponent : 65537; /* TPM2B_PUBLIC: exponent 0 means 2^16 + 1 */
	uint8_t e_be[4] = { (uint8_t)(e >> 24), (uint8_t)(e >> 16), (uint8_t)(e >> 8), (uint8_t)e };
	uint8_t digest[32];
	mbedtls_sha256_context ctx;
	mbedtls_sha256_init(&ctx);
	mbedtls_sha256_starts(&ctx, 0);
	mbedtls_sha256_update(&ctx, prefix, sizeof(prefix));
	mbedtls_sha256_update(&ctx, e_be, sizeof(e_be));
	mbedtls_sha256_update(&ctx, modulus, len);
	mbedtls_sha256_finish(&ctx, digest);
	mbedtls_sha256_free(&ctx);
	size_t used = (size_t)snprintf(out, out_len, "https://ftpm.amd.com/pki/aia/");
	for (int i = 0; i < 16 && used + 3 <= out_len; i++)
		used += (size_t)snprintf(out + used, out_len - used, "%02X", digest[i]); /* as AMD's published URLs */
}
