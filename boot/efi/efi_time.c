/*
 * efi_time.c - wall-clock time from the RTC (UEFI 8.3 GetTime). A time that
 * names its zone (EFI_TIME.TimeZone) is converted to UTC; one that does not
 * (OVMF's, most PCs') is read as UTC, and clock.skew tells a clock that holds
 * local time, as Windows keeps it, from a wrong one.
 */
#include "efi_globals.h"
#include "checks/util/utc_offset.h"
#include "checks/util/utc_time.h"
#include <time.h>

time_t time(time_t *out)
{
	EFI_TIME t;
	time_t now = 0;
	if (efi_runtime && !EFI_ERROR(efi_runtime->GetTime(&t, NULL)))
		now = rtc_time_to_unix(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, t.TimeZone);
	if (out)
		*out = now;
	return now;
}

struct tm *gmtime_r(const time_t *t, struct tm *out)
{
	unix_to_civil(*t, &out->tm_year, &out->tm_mon, &out->tm_mday, &out->tm_hour, &out->tm_min, &out->tm_sec);
	out->tm_year -= 1900;
	out->tm_mon -= 1;
	out->tm_isdst = 0;
	out->tm_wday = (int)((*t / 86400 % 7 + 11) % 7); /* 1970-01-01 was a Thursday */
	out->tm_yday = 0;
	return out;
}
