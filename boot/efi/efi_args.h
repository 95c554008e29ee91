/* efi_args.h - the application's command line: shell argv (UEFI Shell 2.2 EFI_SHELL_PARAMETERS_PROTOCOL) or LoadOptions. */
#ifndef PREFLIGHT_EFI_ARGS_H
#define PREFLIGHT_EFI_ARGS_H
#include <stddef.h>
/* Copies the command line as UTF-8 into `out` (empty when there is none); returns true when launched from a shell. */
int efi_command_line(char *out, size_t len);
#endif
