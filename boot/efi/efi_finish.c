/* efi_finish.c - end of run: every wait is bounded (the key wait by key_timeout). */
#include "efi_finish.h"
#include "efi_console.h"
#include "efi_globals.h"

static void wait_for_key(unsigned timeout_s)
{
	EFI_INPUT_KEY key;
	efi_printf("\nPress any key to shut down (automatic shutdown in %u s).\n", timeout_s);
	EFI_SIMPLE_TEXT_INPUT_PROTOCOL *in = efi_system->ConIn;
	if (!in)
		return;
	while (!EFI_ERROR(in->ReadKeyStroke(in, &key)))
		; /* drop keys typed while the checks ran */
	for (uint64_t waited_ms = 0; waited_ms < (uint64_t)timeout_s * 1000; waited_ms += 20) {
		if (!EFI_ERROR(in->ReadKeyStroke(in, &key)))
			return;
		efi_boot->Stall(20000);
	}
}

void efi_finish(const struct config *c)
{
	switch (c->finish) {
	case FINISH_EXIT:
		return;
	case FINISH_KEY:
		wait_for_key(c->key_timeout_s);
		/* fall through */
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
