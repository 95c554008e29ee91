/* efi_console.h - text to the firmware console (screen, and serial where the firmware mirrors ConOut). */
#ifndef PREFLIGHT_EFI_CONSOLE_H
#define PREFLIGHT_EFI_CONSOLE_H
#include <stdint.h>
/* Prints UTF-8 text; "\n" becomes "\r\n". */
void efi_print(const char *text);
void efi_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* EFI text attribute (efi.h EFI_* colours); the report stays readable without colour. */
void efi_set_colour(uint32_t attribute);
#endif
