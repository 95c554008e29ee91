/*
 * report_files.h - names of the report files on the stick or in --report-dir:
 * <serial>-<UTC yyyymmddThhmmssZ>[-N].json/.txt. A name that exists already
 * is never reused: the writer asks for the next attempt (-2, -3, ...).
 */
#ifndef PREFLIGHT_REPORT_FILES_H
#define PREFLIGHT_REPORT_FILES_H
#include <stddef.h>
#include <time.h>

enum { REPORT_NAME_ATTEMPTS = 100 };

/* Writes the stem (no extension) for attempt 1, 2, ...; the serial is reduced to [A-Za-z0-9._-]. */
void report_file_stem(char *out, size_t len, const char *serial, long long unix_time, int attempt);
/* ISO 8601 UTC ("2026-11-28T16:40:00Z") and compact ("20261128T164000Z") forms of a Unix time. */
void format_utc_iso(char *out, size_t len, long long unix_time);
void format_utc_compact(char *out, size_t len, long long unix_time);
/* Days-from-civil conversion (H. Hinnant's algorithm, public domain description); no libc time zone code. */
void unix_to_civil(long long t, int *year, int *month, int *day, int *hour, int *minute, int *second);
long long civil_to_unix(int year, int month, int day, int hour, int minute, int second);

#endif
