/* linux_files.h - read an input file whole, with a size cap. */
#ifndef PREFLIGHT_LINUX_FILES_H
#define PREFLIGHT_LINUX_FILES_H
#include <stddef.h>
#include <stdint.h>
/* Returns 0 with a malloc'd buffer, or -1 with a reason naming the file. */
int read_file_capped(const char *path, size_t max, uint8_t **data, size_t *len, char *why, size_t why_len);
#endif
