/*
 * efi_progress.c - see efi_progress.h. The sign of life is a periodic timer
 * event (UEFI 7.1 CreateEvent/SetTimer) at TPL_CALLBACK: it fires even while
 * the application waits inside a firmware call (TCG2 SubmitCommand during key
 * generation), and never in the middle of a console write, which the console
 * drivers do at TPL_NOTIFY. The callback only formats on its stack and writes
 * one line.
 */
#include "efi_progress.h"
#include "efi_console.h"
#include "efi_globals.h"
#include "boot/platform.h"
#include <stdio.h>

enum { TICK_100NS = 10000000, QUIET_MS = 5000 }; /* check every second; speak after 5 s in one step */

static struct {
	EFI_EVENT timer;
	uint64_t run_start, step_start, last_said;
	char step[48];
	volatile bool running;
} progress;

static void EFIAPI tick(EFI_EVENT event, void *context)
{
	(void)event;
	(void)context;
	if (!progress.running)
		return;
	uint64_t now = platform_ms();
	if (now - progress.step_start < QUIET_MS || now - progress.last_said < QUIET_MS)
		return;
	progress.last_said = now;
	char line[120];
	snprintf(line, sizeof(line), "WAITING  %s: still working, %u s in this step\n", progress.step,
		 (unsigned)((now - progress.step_start) / 1000));
	efi_print(line);
}

void efi_progress_start(void)
{
	progress.run_start = progress.step_start = progress.last_said = platform_ms();
	snprintf(progress.step, sizeof(progress.step), "start");
	progress.running = true;
	if (EFI_ERROR(efi_boot->CreateEvent(EVT_TIMER | EVT_NOTIFY_SIGNAL, TPL_CALLBACK, tick, NULL, &progress.timer)))
		progress.timer = NULL;
	if (progress.timer)
		efi_boot->SetTimer(progress.timer, TimerPeriodic, TICK_100NS);
}

void efi_progress_step(const char *id, const char *what)
{
	uint64_t now = platform_ms();
	progress.step_start = progress.last_said = now;
	snprintf(progress.step, sizeof(progress.step), "%s", id);
	efi_printf("RUNNING  %s: %s (+%u.%u s)\n", id, what, (unsigned)((now - progress.run_start) / 1000),
		   (unsigned)((now - progress.run_start) % 1000 / 100));
}

void efi_progress_done(const char *id, const char *status, unsigned elapsed_ms)
{
	efi_printf("DONE     %s: %s in %u.%u s\n", id, status, elapsed_ms / 1000, elapsed_ms % 1000 / 100);
}

void efi_progress_stop(void)
{
	progress.running = false;
	if (progress.timer) { /* closed, not only cancelled: nothing may call into the application after it exits */
		efi_boot->SetTimer(progress.timer, TimerCancel, 0);
		efi_boot->CloseEvent(progress.timer);
		progress.timer = NULL;
	}
	uint64_t spent = platform_ms() - progress.run_start;
	efi_printf("FINISHED checks in %u.%u s\n", (unsigned)(spent / 1000), (unsigned)(spent % 1000 / 100));
}
