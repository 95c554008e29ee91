/* cab_replace_posix.h - saving a newer TrustedTpm.cab on Linux (a cab_save_fn; ctx is the --trust path). */
#ifndef PREFLIGHT_CAB_REPLACE_POSIX_H
#define PREFLIGHT_CAB_REPLACE_POSIX_H
#include <stddef.h>
#include <stdint.h>

int cab_replace_posix(void *ctx, const char *new_date, const char *old_date, const uint8_t *data, size_t len,
		      char *where, size_t where_len);

#endif
