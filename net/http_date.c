/* http_date.c - parse IMF-fixdate; the obsolete RFC 850 and asctime forms are refused (servers send IMF-fixdate). */
#include "net/http_date.h"
#include "checks/util/utc_time.h"
#include <string.h>

static int two(const char *p)
{
	return p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9' ? (p[0] - '0') * 10 + (p[1] - '0') : -1;
}

bool http_date_parse(const char *s, long long *out)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	/* "Sun, 06 Nov 1994 08:49:37 GMT": fixed positions, 29 characters */
	if (strlen(s) != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || s[19] != ':' ||
	    s[22] != ':' || s[25] != ' ' || strcmp(s + 26, "GMT") != 0)
		return false;
	int month = 0;
	for (int i = 0; i < 12 && !month; i++)
		if (strncmp(s + 8, months + 3 * i, 3) == 0)
			month = i + 1;
	int day = two(s + 5), y1 = two(s + 12), y2 = two(s + 14), hour = two(s + 17), minute = two(s + 20), second = two(s + 23);
	if (!month || day < 1 || day > 31 || y1 < 0 || y2 < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
	    second < 0 || second > 60)
		return false;
	*out = civil_to_unix(y1 * 100 + y2, month, day, hour, minute, second);
	return true;
}
