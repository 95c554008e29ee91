/* utc_time.c - Unix time to and from civil UTC time, and its printed forms (utc_time.h). */
#include "checks/util/utc_time.h"
#include <stdio.h>

/* Civil date from days since 1970-01-01 (the algorithm "civil_from_days" described by Howard Hinnant). */
void unix_to_civil(long long t, int *year, int *month, int *day, int *hour, int *minute, int *second)
{
	long long days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	long long secs = t - days * 86400;
	*hour = (int)(secs / 3600);
	*minute = (int)(secs / 60 % 60);
	*second = (int)(secs % 60);
	days += 719468;
	long long era = (days >= 0 ? days : days - 146096) / 146097;
	long long doe = days - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = (int)(yoe + era * 400 + (*month <= 2));
}

long long civil_to_unix(int year, int month, int day, int hour, int minute, int second)
{
	long long y = month <= 2 ? year - 1 : year;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	long long days = era * 146097 + doe - 719468;
	return days * 86400 + hour * 3600 + minute * 60 + second;
}

void format_utc_iso(char *out, size_t len, long long t)
{
	int y, mo, d, h, mi, s;
	unix_to_civil(t, &y, &mo, &d, &h, &mi, &s);
	snprintf(out, len, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, s);
}

void format_utc_compact(char *out, size_t len, long long t)
{
	int y, mo, d, h, mi, s;
	unix_to_civil(t, &y, &mo, &d, &h, &mi, &s);
	snprintf(out, len, "%04d%02d%02dT%02d%02d%02dZ", y, mo, d, h, mi, s);
}
