/* efi_screen.h - the result screen on the UEFI console: summary, details, and the technician's keys. */
#ifndef PREFLIGHT_EFI_SCREEN_H
#define PREFLIGHT_EFI_SCREEN_H
#include "checks/report/report.h"

enum screen_action { SCREEN_POWER_OFF, SCREEN_REBOOT, SCREEN_RERUN, SCREEN_SAVE, SCREEN_TIMEOUT };

/*
 * Shows the summary and handles keys until one ends the screen: r (rerun), s (save again), p (power off),
 * b (reboot), or timeout_s seconds without a key. Up/Down or j/k select, Enter shows details, q goes back.
 */
enum screen_action efi_screen_interact(const struct report *r, const char *header, unsigned timeout_s);

#endif
