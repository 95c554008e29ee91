/* utc_offset.c - see utc_offset.h. */
#include "checks/util/utc_offset.h"
#include "checks/util/utc_time.h"
#include <stdio.h>

/*
 * Every standard and daylight-saving offset in use, in minutes east of UTC, from UTC-12:00 to UTC+14:00 (IANA
 * time zone database, https://www.iana.org/time-zones; e.g. India +05:30, Nepal +05:45, Newfoundland -03:30,
 * Chatham Islands +12:45/+13:45, Kiribati's Line Islands +14:00). A quarter-hour grid alone would take a clock
 * that is simply 15 minutes off for a zone.
 */
static const short zone_offsets[] = {
	-720, -660, -600, -570, -540, -480, -420, -360, -300, -240, -210, -180, -150, -120, -60,
	60, 120, 180, 210, 240, 270, 300, 330, 345, 360, 390, 420, 480, 525, 540, 570, 600, 630, 660,
	720, 765, 780, 825, 840,
};

static long long distance(long long a, long long b)
{
	return a > b ? a - b : b - a;
}

bool utc_offset_match(long long skew_s, unsigned tolerance_s, int *zone_minutes)
{
	int best = 0;
	long long best_distance = distance(skew_s, 0); /* UTC itself: no zone to report */
	for (size_t i = 0; i < sizeof(zone_offsets) / sizeof(zone_offsets[0]); i++) {
		long long d = distance(skew_s, zone_offsets[i] * 60LL);
		if (d < best_distance) {
			best_distance = d;
			best = zone_offsets[i];
		}
	}
	if (best == 0 || best_distance > tolerance_s)
		return false;
	*zone_minutes = best;
	return true;
}

void format_utc_offset(char *out, size_t len, int zone_minutes)
{
	int m = zone_minutes < 0 ? -zone_minutes : zone_minutes;
	snprintf(out, len, "UTC%c%02d:%02d", zone_minutes < 0 ? '-' : '+', m / 60, m % 60);
}

long long rtc_time_to_unix(int year, int month, int day, int hour, int minute, int second, int time_zone)
{
	long long t = civil_to_unix(year, month, day, hour, minute, second);
	if (time_zone != UTC_OFFSET_UNSPECIFIED && time_zone >= -1440 && time_zone <= 1440)
		t += time_zone * 60LL;
	return t;
}
