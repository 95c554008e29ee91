/* time.h - wall clock from the UEFI RTC (boot/efi/efi_time.c). */
#ifndef PREFLIGHT_LIBC_TIME_H
#define PREFLIGHT_LIBC_TIME_H
#include <stddef.h>
typedef long long time_t;
struct tm {
	int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday, tm_isdst;
};
time_t time(time_t *t);
struct tm *gmtime_r(const time_t *t, struct tm *out);
time_t timegm(struct tm *tm);
#endif
