/*
 * beep_pattern.h - the audible verdict (beep = on, docs/factory.md): a line
 * hears which verdict a unit reached without looking. One short high tone for
 * READY, two for READY WITH WARNINGS, three long low tones for NOT READY; an
 * INCOMPLETE run has none. The front end plays the tones (the PC speaker,
 * boot/pc_speaker.c) and sends one BEL per tone to the serial console or the
 * terminal.
 */
#ifndef PREFLIGHT_BEEP_PATTERN_H
#define PREFLIGHT_BEEP_PATTERN_H
#include "checks/report/report.h"

struct beep_tone {
	unsigned hz;     /* pitch */
	unsigned on_ms;  /* sounding */
	unsigned off_ms; /* silence after it */
};

enum { BEEP_TONES_MAX = 3, BEEP_TOTAL_MS_MAX = 3000 };

/* The tones for a verdict, at most BEEP_TONES_MAX and BEEP_TOTAL_MS_MAX in all; returns how many. */
int beep_pattern(enum verdict v, struct beep_tone out[BEEP_TONES_MAX]);
/* The pattern in words ("three long low tones"), "" when there is none. */
const char *beep_pattern_text(enum verdict v);

#endif
