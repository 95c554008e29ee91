/* efi_finish.h - what happens when the report is out: shut down, reboot, or return (keys: efi_screen.h). */
#ifndef PREFLIGHT_EFI_FINISH_H
#define PREFLIGHT_EFI_FINISH_H
#include "checks/config/config.h"
#include "efi.h"
#include "checks/report/report.h"
/* Carries out the action for the run's report; returns only for FINISH_EXIT (and when a reset fails). */
void efi_finish(const struct config *c, const struct report *r);
#endif
