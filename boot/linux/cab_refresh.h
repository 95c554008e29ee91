/*
 * cab_refresh.h - fetch Microsoft's current TrustedTpm.cab (through the
 * fwlink, which redirects) and keep it only when it is a valid CAB newer than
 * the one in use; the old file is kept beside it, never lost.
 */
#ifndef PREFLIGHT_CAB_REFRESH_H
#define PREFLIGHT_CAB_REFRESH_H
#include <stdbool.h>
#include "checks/trust_store.h"
#include "net/http_client.h"

#define TRUSTED_TPM_CAB_URL "https://go.microsoft.com/fwlink/?linkid=2097925" /* DOMAIN.md 3 */

/*
 * path: the cab file in use; store: it, opened (*have_store says whether it opened). On success with a newer cab
 * the file is replaced (the old one kept as PATH-YYYY-MM-DD.cab), *store holds the new one. note says what
 * happened, for the report. Returns 1 when replaced, 0 when the current one stays, -1 when the fetch failed.
 */
int cab_refresh(const char *path, const char *url, const struct http_options *o, struct trust_store *store,
		bool *have_store, char *note, size_t note_len);

#endif
