/*
 * libcheck.c - a UEFI application that proves the third-party libraries run
 * freestanding under firmware: mbed TLS (SHA-256 known answer, PSA init,
 * CTR_DRBG seeded from the platform's hardware entropy), lwIP (init, pbuf),
 * tss2-mu (marshal round trip) and libmspack (version and decompressor
 * creation over an in-memory system). It prints one LIBCHECK line per library
 * and shuts the machine down. Booted by tests/system/test_uefi.py.
 */
#include "boot/efi/efi_console.h"
#include "boot/efi/efi_globals.h"
#include "boot/platform.h"
#include <lwip/init.h>
#include <lwip/pbuf.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/sha256.h>
#include <psa/crypto.h>
#include <mspack.h>
#include <string.h>
#include <tss2/tss2_mu.h>

static void result(const char *library, bool ok, const char *what)
{
	efi_printf("LIBCHECK %s %s %s\n", library, ok ? "ok" : "FAILED", what);
}

static void check_mbedtls(void)
{
	/* FIPS 180-2 appendix B.1: SHA-256("abc") */
	static const uint8_t abc_digest[32] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
		0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
	};
	uint8_t digest[32];
	bool ok = mbedtls_sha256((const uint8_t *)"abc", 3, digest, 0) == 0 && memcmp(digest, abc_digest, 32) == 0;
	result("mbedtls", ok, "sha256 known answer");
	result("mbedtls", psa_crypto_init() == PSA_SUCCESS, "psa_crypto_init");
	mbedtls_entropy_context entropy;
	mbedtls_ctr_drbg_context drbg;
	uint8_t a[16], b[16];
	mbedtls_entropy_init(&entropy);
	mbedtls_ctr_drbg_init(&drbg);
	ok = mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy, NULL, 0) == 0 &&
	     mbedtls_ctr_drbg_random(&drbg, a, sizeof(a)) == 0 && mbedtls_ctr_drbg_random(&drbg, b, sizeof(b)) == 0 &&
	     memcmp(a, b, sizeof(a)) != 0;
	efi_printf("LIBCHECK entropy source %s\n", platform_random_source());
	result("mbedtls", ok, "ctr_drbg seeded from hardware entropy");
	mbedtls_ctr_drbg_free(&drbg);
	mbedtls_entropy_free(&entropy);
}

static void check_lwip(void)
{
	lwip_init();
	struct pbuf *p = pbuf_alloc(PBUF_TRANSPORT, 1000, PBUF_RAM);
	result("lwip", p && p->tot_len == 1000, "init and pbuf_alloc");
	if (p)
		pbuf_free(p);
}

static void check_tss2(void)
{
	uint8_t buf[4];
	size_t off = 0;
	uint32_t back = 0;
	bool ok = Tss2_MU_UINT32_Marshal(0x01020304, buf, sizeof(buf), &off) == 0 && buf[0] == 1 && buf[3] == 4;
	off = 0;
	ok = ok && Tss2_MU_UINT32_Unmarshal(buf, sizeof(buf), &off, &back) == 0 && back == 0x01020304;
	result("tss2", ok, "marshal round trip");
}

static void check_mspack(void)
{
	result("mspack", mspack_version(MSPACK_VER_LIBRARY) > 0 && mspack_version(MSPACK_VER_MSCABD) > 0,
	       "library and CAB decompressor versions");
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *system)
{
	efi_image = image;
	efi_system = system;
	efi_boot = system->BootServices;
	efi_runtime = system->RuntimeServices;
	check_tss2();
	check_mbedtls();
	check_lwip();
	check_mspack();
	efi_print("LIBCHECK done\n");
	efi_runtime->ResetSystem(EfiResetShutdown, EFI_SUCCESS, 0, NULL);
	return EFI_SUCCESS;
}
