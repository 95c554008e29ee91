/*
 * cab_refresh.h - fetch Microsoft's current TrustedTpm.cab (through the
 * fwlink, which redirects) and keep it only when it is a valid CAB signed by
 * Microsoft, not dated in the future and newer than the one in use; the old
 * file is never lost. How the new file is saved is
 * the front end's (Linux: replaced in place, the old one kept beside it;
 * UEFI: saved beside the old one under its date).
 */
#ifndef PREFLIGHT_CAB_REFRESH_H
#define PREFLIGHT_CAB_REFRESH_H
#include <stdbool.h>
#include "checks/trust/trust_store.h"
#include "net/http_client.h"

#define TRUSTED_TPM_CAB_URL "https://go.microsoft.com/fwlink/?linkid=2097925" /* docs/attestation-facts.md §3 */

enum { CAB_DOWNLOAD_MAX = 32 * 1024 * 1024 };

/* Saves a newer cab (dated new_date; the one in use is dated old_date, "none" when there is none). Returns 0 with a
 * phrase saying where the files are now in `where`, or -1 with the reason in `where`. */
typedef int (*cab_save_fn)(void *ctx, const char *new_date, const char *old_date, const uint8_t *data, size_t len,
			   char *where, size_t where_len);
struct cab_save {
	cab_save_fn fn;
	void *ctx;
};

/* A cab dated more than this after the clock is refused, downloaded or found on the stick (a day for time zones and
 * the date being a whole day, one more for a clock a little behind). */
enum { CAB_FUTURE_MARGIN_S = 2 * 86400 };
bool cab_dated_in_future(const struct trust_store *t, long long clock);

/* store: the cab in use, opened when *have_store. A download is kept only when it is a readable cab, its Authenticode
 * signature verifies to Microsoft's code-signing root (cab_signature.h), it is not dated in the future (against the
 * server's Date header, or `now` when there is none) and it is newer than the cab in use; it is then saved through
 * `save` and *store becomes it. note says what happened, for the report. 1 replaced, 0 the current one stays, -1
 * fetch failed. */
int cab_refresh(const char *url, const struct http_options *o,
		int (*fetch)(const char *url, const struct http_options *o, struct http_result *r),
		const struct cab_save *save, long long now, struct trust_store *store, bool *have_store, char *note,
		size_t note_len);

#endif
