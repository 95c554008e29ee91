/* linux_beep.h - `preflight check --beep`: the verdict's tones (checks/report/beep_pattern.h) as BEL characters on
 * the terminal, one per tone with the pattern's rhythm - only when stderr is a terminal, never into a log file. */
#ifndef PREFLIGHT_LINUX_BEEP_H
#define PREFLIGHT_LINUX_BEEP_H
#include "checks/report/report.h"

/* BEEP_SENT when stderr is a terminal, else BEEP_NOT_AVAILABLE. */
enum beep_state linux_beep_available(void);
/* Rings the report's verdict on the terminal (nothing unless r->beep is BEEP_SENT). */
void linux_beep(const struct report *r);

#endif
