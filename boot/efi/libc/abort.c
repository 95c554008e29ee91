/* abort.c - a fatal error inside a library: say where, then stop this application (not the machine). */
#include <stdlib.h>
#include <stdio.h>
#include <assert.h>
#include "libc_console.h"
#include "../efi_globals.h"

_Noreturn void abort(void)
{
	libc_console_write("preflight: internal error, leaving the application\r\n");
	efi_boot->Exit(efi_image, EFI_ABORTED, 0, NULL);
	for (;;) /* Exit does not return for a started image (UEFI 7.4) */
		;
}

void preflight_assert_failed(const char *expr, const char *file, int line)
{
	char msg[256];
	snprintf(msg, sizeof(msg), "preflight: assertion %s failed at %s:%d\r\n", expr, file, line);
	libc_console_write(msg);
	abort();
}
