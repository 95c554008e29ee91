/* efi_finish.c - end of run: power off, reboot, return to the caller, or hold the verdict full screen. */
#include "efi_finish.h"
#include "efi_console.h"
#include "efi_globals.h"
#include "checks/report/report_summary.h"

/* UEFI 2.10, 12.4 SetAttribute: foreground in bits 0-3, background in bits 4-6. */
enum { ATTR_WHITE = 0x0F, ATTR_BG_GREEN = 0x20, ATTR_BG_RED = 0x40, ATTR_BG_BROWN = 0x60 };

/* The whole screen in the verdict's colour (green, yellow-brown, red) with the verdict and what fails, so the line
 * sees it from a distance; the serial console gets the same words. Any key or key_timeout ends it. */
static void hold(const struct config *c, const struct report *r)
{
	EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL *out = efi_system->ConOut;
	EFI_SIMPLE_TEXT_INPUT_PROTOCOL *in = efi_system->ConIn;
	enum verdict v = report_verdict(r);
	char summary[REPORT_SUMMARY_MAX + 1];
	report_compact_summary(r, summary, sizeof(summary));
	efi_set_colour(ATTR_WHITE | (v == VERDICT_READY ? ATTR_BG_GREEN : v == VERDICT_NOT_READY ? ATTR_BG_RED : ATTR_BG_BROWN));
	out->ClearScreen(out);
	efi_printf("\n\n\n\n        %s\n\n        %s\n\n\nHOLD     %s: any key or %u s powers off\n", verdict_name(v), summary,
		   verdict_name(v), c->key_timeout_s);
	EFI_INPUT_KEY key;
	for (uint64_t left_ms = (uint64_t)c->key_timeout_s * 1000; left_ms; left_ms = left_ms > 20 ? left_ms - 20 : 0) {
		if (in && !EFI_ERROR(in->ReadKeyStroke(in, &key)))
			break;
		efi_boot->Stall(20000);
	}
}

void efi_finish(const struct config *c, const struct report *r)
{
	switch (c->finish) {
	case FINISH_EXIT:
	case FINISH_COUNT:
		return;
	case FINISH_HOLD:
		hold(c, r);
		/* fall through: the unit then powers off */
	case FINISH_KEY: /* the result screen handled the keys (efi_screen.c); what is left is to power off */
	case FINISH_SHUTDOWN:
		efi_print("preflight: shutting down\n");
		efi_runtime->ResetSystem(EfiResetShutdown, EFI_SUCCESS, 0, NULL);
		break;
	case FINISH_REBOOT:
		efi_print("preflight: rebooting\n");
		efi_runtime->ResetSystem(EfiResetCold, EFI_SUCCESS, 0, NULL);
		break;
	}
}
