/*
 * cab_refresh.h - fetch Microsoft's current TrustedTpm.cab (through the
 * fwlink, which redirects) and keep it only when it is a valid CAB newer than
 * the one in use; the old file is never lost. How the new file is saved is
 * the front end's (Linux: replaced in place, the old one kept beside it;
 * UEFI: saved beside the old one under its date).
 */
#ifndef PREFLIGHT_CAB_REFRESH_H
#define PREFLIGHT_CAB_REFRESH_H
#include <stdbool.h>
#include "trust_store.h"
#include "net/http_client.h"

#define TRUSTED_TPM_CAB_URL "https://go.microsoft.com/fwlink/?linkid=2097925" /* DOMAIN.md 3 */

enum { CAB_DOWNLOAD_MAX = 32 * 1024 * 1024 };

/* Saves a newer cab (dated new_date; the one in use is dated old_date, "none" when there is none). Returns 0 with a
 * phrase saying where the files are now in `where`, or -1 with the reason in `where`. */
typedef int (*cab_save_fn)(void *ctx, const char *new_date, const char *old_date, const uint8_t *data, size_t len,
			   char *where, size_t where_len);

/* store: the cab in use, opened when *have_store. On a newer valid download it is saved through `save` and *store
 * becomes the new one. note says what happened, for the report. 1 replaced, 0 the current one stays, -1 fetch failed. */
int cab_refresh(const char *url, const struct http_options *o,
		int (*fetch)(const char *url, const struct http_options *o, struct http_result *r), cab_save_fn save,
		void *save_ctx, struct trust_store *store, bool *have_store, char *note, size_t note_len);

#endif
