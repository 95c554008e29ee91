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

#endif
