/* report_strict.c - warnings that a site counts as failures (report_strict.h, docs/config.md). */
#include "checks/report/report_strict.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int check_by_id(const char *id, size_t len)
{
	for (int i = 0; i < CHECK_COUNT; i++) {
		const struct check_descriptor *d = check_descriptor((enum check_id)i);
		if (d && strlen(d->id) == len && strncasecmp(d->id, id, len) == 0)
			return i;
	}
	return -1;
}

int strict_parse(const char *value, bool strict[CHECK_COUNT], char *bad, size_t bad_len)
{
	bool all = strcasecmp(value, "all") == 0, off = strcasecmp(value, "off") == 0;
	bool parsed[CHECK_COUNT] = { 0 };
	for (int i = 0; i < CHECK_COUNT; i++)
		parsed[i] = all;
	for (const char *p = value; !all && !off && *p;) {
		p += strspn(p, " \t,");
		size_t len = strcspn(p, " \t,");
		if (!len)
			break;
		int id = check_by_id(p, len);
		if (id < 0) {
			snprintf(bad, bad_len, "%.*s", (int)(len > 60 ? 60 : len), p);
			return -1;
		}
		parsed[id] = true;
		p += len;
	}
	memcpy(strict, parsed, sizeof(parsed));
	return 0;
}

void report_apply_strict(struct report *r, const bool strict[CHECK_COUNT])
{
	memcpy(r->strict, strict, sizeof(r->strict));
}
