/* beep_pattern.c - the tones of each verdict (the table is the documentation: docs/factory.md, "Beep"). */
#include "checks/report/beep_pattern.h"

struct pattern {
	int count;
	struct beep_tone tone;
	const char *text;
};

/* High and short is good news; low and long is the alarm, repeated so it is not missed in a noisy hall. */
static const struct pattern patterns[] = {
	[VERDICT_READY] = { 1, { 1000, 150, 150 }, "one short high tone" },
	[VERDICT_READY_WITH_WARNINGS] = { 2, { 1000, 150, 150 }, "two short high tones" },
	[VERDICT_NOT_READY] = { 3, { 440, 600, 300 }, "three long low tones" },
	[VERDICT_INCOMPLETE] = { 0, { 0, 0, 0 }, "" },
};

int beep_pattern(enum verdict v, struct beep_tone out[BEEP_TONES_MAX])
{
	if ((unsigned)v >= sizeof(patterns) / sizeof(patterns[0]))
		return 0;
	const struct pattern *p = &patterns[v];
	for (int i = 0; i < p->count; i++)
		out[i] = p->tone;
	return p->count;
}

const char *beep_pattern_text(enum verdict v)
{
	return (unsigned)v < sizeof(patterns) / sizeof(patterns[0]) ? patterns[v].text : "";
}
