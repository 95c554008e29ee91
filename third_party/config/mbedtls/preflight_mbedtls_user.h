/*
 * preflight_mbedtls_user.h - changes to mbed TLS 3.6's default configuration
 * (included last through MBEDTLS_USER_CONFIG_FILE).
 *
 * UEFI build (PREFLIGHT_EFI): no sockets, files, timing or PSA key storage;
 * entropy comes from EFI_RNG_PROTOCOL / RDRAND, else the TPM's
 * TPM2_GetRandom, through mbedtls_hardware_poll() (platform_random), the wall clock from the RTC through
 * mbedtls_platform_gmtime_r() and mbedtls_ms_time() (boot/efi/efi_mbedtls.c).
 * The COFF target has no compiler-rt, so 128-bit division is avoided
 * (docs/build.md).
 *
 * Linux build: the endpoint probe runs one TLS handshake per thread, and
 * PSA's key store is global, so mbed TLS's own locking is on (pthreads).
 */
#ifdef PREFLIGHT_EFI
#undef MBEDTLS_NET_C
#undef MBEDTLS_FS_IO
#undef MBEDTLS_TIMING_C
#undef MBEDTLS_PSA_ITS_FILE_C
#undef MBEDTLS_PSA_CRYPTO_STORAGE_C
#undef MBEDTLS_PADLOCK_C
#undef MBEDTLS_AESNI_C
#undef MBEDTLS_AESCE_C /* Arm64: the AES instructions are SIMD registers, which -mgeneral-regs-only forbids */
#undef MBEDTLS_SELF_TEST
#undef MBEDTLS_DEBUG_C
#define MBEDTLS_NO_PLATFORM_ENTROPY
#define MBEDTLS_ENTROPY_HARDWARE_ALT
#define MBEDTLS_PLATFORM_MS_TIME_ALT
#define MBEDTLS_PLATFORM_GMTIME_R_ALT
#define MBEDTLS_NO_UDBL_DIVISION
#endif

#ifndef PREFLIGHT_EFI
#define MBEDTLS_THREADING_C
#define MBEDTLS_THREADING_PTHREAD
#endif
