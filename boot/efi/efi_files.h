/* efi_files.h - files on the volume the application was loaded from (the USB stick). */
#ifndef PREFLIGHT_EFI_FILES_H
#define PREFLIGHT_EFI_FILES_H
#include <stddef.h>
#include <stdint.h>
#include "efi.h"

/* Reads a whole file of at most `max` bytes into a malloc'd buffer (NUL-terminated). EFI status on failure. */
EFI_STATUS efi_read_file(const char *path, size_t max, char **data, size_t *len);
/*
 * Writes data as dir\name without ever replacing a file: EFI_ACCESS_DENIED when the name exists.
 * The data goes to a temporary name first and is renamed when complete, so a power cut leaves
 * either no file or the whole file under the final name.
 */
EFI_STATUS efi_write_new_file(const char *dir, const char *name, const void *data, size_t len);
/*
 * Replaces dir\name (a file this run created: its report, rewritten as the run goes on) with data: the data goes to
 * a temporary name first; only when it is whole is the old file deleted and the new one renamed in its place.
 */
EFI_STATUS efi_replace_file(const char *dir, const char *name, const void *data, size_t len);
/* Creates each directory of a path like "\\preflight\\reports" when missing. */
EFI_STATUS efi_make_dirs(const char *path);
/* Calls each() with the name of every file (not directory) in dir. */
EFI_STATUS efi_list_dir(const char *dir, void (*each)(void *ctx, const char *name), void *ctx);
/* Calls each() with the name of every directory in dir (not "." and ".."). */
EFI_STATUS efi_list_subdirs(const char *dir, void (*each)(void *ctx, const char *name), void *ctx);
/* Words for an EFI status, e.g. "write protected". */
const char *efi_status_text(EFI_STATUS s);

#endif
