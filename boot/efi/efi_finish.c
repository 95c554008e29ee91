/* efi_finish.c - end of run: power off, reboot, or return to the caller. */
#include "efi_finish.h"
#include "efi_console.h"
#include "efi_globals.h"

void efi_finish(const struct config *c)
{
	switch (c->finish) {
	case FINISH_EXIT:
		return;
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
