/*
 * utc_offset.h - the offsets from UTC that civil time zones use, to tell a
 * firmware clock that holds local time (as Windows keeps it) from one that is
 * wrong, and the conversion of a firmware time that names its zone.
 */
#ifndef PREFLIGHT_UTC_OFFSET_H
#define PREFLIGHT_UTC_OFFSET_H
#include <stdbool.h>
#include <stddef.h>

enum { UTC_OFFSET_UNSPECIFIED = 2047 }; /* UEFI 2.10, 8.3: EFI_UNSPECIFIED_TIMEZONE */

/*
 * The zone offset (minutes east of UTC) nearest to `skew_s` (local clock minus UTC), when the rest lies within
 * `tolerance_s`; false when no zone's offset does, or the nearest is UTC itself.
 */
bool utc_offset_match(long long skew_s, unsigned tolerance_s, int *zone_minutes);
/* "UTC+05:45", "UTC-03:30", "UTC+00:00". */
void format_utc_offset(char *out, size_t len, int zone_minutes);
/*
 * Unix time of a firmware time with its EFI_TIME.TimeZone: UEFI 2.10, 8.3 defines Localtime = UTC - TimeZone
 * (minutes; PST is 480), so UTC = the time read + TimeZone. An unspecified or out-of-range zone (-1440..1440)
 * leaves the time as read.
 */
long long rtc_time_to_unix(int year, int month, int day, int hour, int minute, int second, int time_zone);

#endif
