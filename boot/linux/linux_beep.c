/* linux_beep.c - see linux_beep.h. */
#include "linux_beep.h"
#include "checks/report/beep_pattern.h"
#include "boot/platform.h"
#include <unistd.h>

enum beep_state linux_beep_available(void)
{
	return isatty(STDERR_FILENO) ? BEEP_SENT : BEEP_NOT_AVAILABLE;
}

void linux_beep(const struct report *r)
{
	struct beep_tone tones[BEEP_TONES_MAX];
	if (r->beep != BEEP_SENT)
		return;
	for (int i = 0, n = beep_pattern(report_verdict(r), tones); i < n; i++) {
		if (write(STDERR_FILENO, "\a", 1) != 1)
			return;
		platform_sleep_ms(tones[i].on_ms + tones[i].off_ms); /* the terminal's bell has its own length */
	}
}
