/*
 * efi_mbedtls.c - the hooks mbed TLS needs in the freestanding build
 * (third_party/config/mbedtls/preflight_mbedtls_user.h): entropy from
 * platform_random (EFI_RNG_PROTOCOL, RDRAND, else the TPM's TPM2_GetRandom),
 * a millisecond clock and gmtime_r over the RTC.
 */
#include "boot/platform.h"
#include <mbedtls/platform_time.h>
#include <mbedtls/platform_util.h>
#include <time.h>

int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len, size_t *olen);

int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len, size_t *olen)
{
	(void)data;
	*olen = 0;
	if (platform_random(output, len) != 0)
		return -1;
	*olen = len;
	return 0;
}

mbedtls_ms_time_t mbedtls_ms_time(void)
{
	return (mbedtls_ms_time_t)platform_ms();
}

struct tm *mbedtls_platform_gmtime_r(const mbedtls_time_t *tt, struct tm *tm_buf)
{
	time_t t = (time_t)*tt;
	return gmtime_r(&t, tm_buf);
}
