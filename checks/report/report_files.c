/* report_files.c - report file names. */
#include "checks/report/report_files.h"
#include "checks/util/utc_time.h"
#include <ctype.h>
#include <stdio.h>

void report_file_stem(char *out, size_t len, const char *serial, long long unix_time, int attempt)
{
	char safe[48];
	size_t n = 0;
	for (const char *p = serial ? serial : ""; *p && n < sizeof(safe) - 1; p++)
		if (isalnum((unsigned char)*p) || *p == '-' || *p == '_' || *p == '.')
			safe[n++] = *p;
	safe[n] = 0;
	char when[24];
	format_utc_compact(when, sizeof(when), unix_time);
	if (attempt <= 1)
		snprintf(out, len, "%s-%s", n ? safe : "unknown", when);
	else
		snprintf(out, len, "%s-%s-%d", n ? safe : "unknown", when, attempt);
}
