/* utc_time.h - Unix time and civil UTC time, without the C library's time zone code. */
#ifndef PREFLIGHT_UTC_TIME_H
#define PREFLIGHT_UTC_TIME_H
#include <stddef.h>

/* ISO 8601 UTC ("2026-11-28T16:40:00Z") and compact ("20261128T164000Z") forms of a Unix time. */
void format_utc_iso(char *out, size_t len, long long unix_time);
void format_utc_compact(char *out, size_t len, long long unix_time);
/* Days-from-civil conversion (H. Hinnant's algorithm, public domain description). */
void unix_to_civil(long long t, int *year, int *month, int *day, int *hour, int *minute, int *second);
long long civil_to_unix(int year, int month, int day, int hour, int minute, int second);

#endif
