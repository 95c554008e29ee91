/* cab_refresh.c - download, validate, compare dates, hand a newer cab to the front end to save. */
#include "cab_refresh.h"
#include <stdio.h>
#include <string.h>

/* Keeps the fresh cab when it is newer; returns 1 when it replaced *store. */
static int keep_if_newer(struct trust_store *fresh, const struct http_result *r, cab_save_fn save, void *save_ctx,
			 struct trust_store *store, bool *have_store, char *note, size_t note_len)
{
	char new_date[16], old_date[16] = "none", where[300];
	trust_store_date(fresh, new_date, sizeof(new_date));
	if (*have_store)
		trust_store_date(store, old_date, sizeof(old_date));
	if (*have_store && trust_store_date_number(fresh) <= trust_store_date_number(store)) {
		snprintf(note, note_len, "downloaded TrustedTpm.cab is dated %s, not newer than %s: the cab in use stays", new_date,
			 old_date);
		return 0;
	}
	if (save(save_ctx, new_date, old_date, r->body, r->body_len, where, sizeof(where)) != 0) {
		snprintf(note, note_len, "a newer TrustedTpm.cab (%s) was downloaded but could not be saved: %s; this run "
			 "uses it anyway", new_date, where);
	} else {
		snprintf(note, note_len, "downloaded TrustedTpm.cab dated %s (was %s) from %s; %s", new_date, old_date, r->url,
			 where);
	}
	if (*have_store)
		trust_store_close(store);
	*store = *fresh;
	*have_store = true;
	return 1;
}

int cab_refresh(const char *url, const struct http_options *o,
		int (*fetch)(const char *url, const struct http_options *o, struct http_result *r), cab_save_fn save,
		void *save_ctx, struct trust_store *store, bool *have_store, char *note, size_t note_len)
{
	struct http_options big = *o;
	big.max_body = CAB_DOWNLOAD_MAX;
	big.total_ms = big.total_ms < 120000 ? 120000 : big.total_ms;
	struct http_result r;
	if (fetch(url, &big, &r) != 0 || r.head.status != 200) {
		snprintf(note, note_len, "TrustedTpm.cab could not be downloaded from %s [%s]: %s", url,
			 r.failed ? r.code : r.head.status == 404 ? "HTTP-NOT-FOUND" : "HTTP-UNEXPECTED-STATUS",
			 r.failed ? r.error : "the server did not answer 200");
		http_result_free(&r);
		return -1;
	}
	struct trust_store fresh;
	char why[160];
	int result = 0;
	if (trust_store_open(&fresh, r.body, r.body_len, why, sizeof(why)) != 0) {
		snprintf(note, note_len, "the download from %s is not a usable TrustedTpm.cab (%s); the cab in use stays", r.url,
			 why);
	} else {
		result = keep_if_newer(&fresh, &r, save, save_ctx, store, have_store, note, note_len);
		if (result == 0)
			trust_store_close(&fresh);
	}
	http_result_free(&r);
	return result;
}
