/*
 * cab_refresh.c - download, validate, check Microsoft's signature and the
 * date, compare dates, hand a newer cab to the front end to save. Only a cab
 * whose Authenticode signature verifies to Microsoft's code-signing root is
 * taken from the network (a cab the operator puts on the stick is used as
 * given), and never one dated later than the clock allows: such a cab would
 * stay in use, as "newest", until the clock caught up with it.
 */
#include "checks/trust/cab_refresh.h"
#include "checks/cab/cab_signature.h"
#include "checks/x509/cert_time.h"
#include "net/http_date.h"
#include <stdio.h>
#include <string.h>

bool cab_dated_in_future(const struct trust_store *t, long long clock)
{
	return trust_store_date_unix(t) > clock + CAB_FUTURE_MARGIN_S;
}

/* Keeps the fresh cab when it is newer; returns 1 when it replaced *store. */
static int keep_if_newer(struct trust_store *fresh, const struct http_result *r, const struct cab_save *save,
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
	if (save->fn(save->ctx, new_date, old_date, r->body, r->body_len, where, sizeof(where)) != 0) {
		snprintf(note, note_len, "a newer TrustedTpm.cab (%s, signed by Microsoft) was downloaded but could not be "
			 "saved: %s; this run uses it anyway", new_date, where);
	} else {
		snprintf(note, note_len, "downloaded TrustedTpm.cab dated %s (was %s), signed by Microsoft, from %s; %s",
			 new_date, old_date, r->url, where);
	}
	if (*have_store)
		trust_store_close(store);
	*store = *fresh;
	*have_store = true;
	return 1;
}

/* The signature and the date of a download that is a readable cab; 0 when it may be used, else -1 with a note. */
static int check_download(const struct trust_store *fresh, const struct http_result *r, long long now, char *note,
			  size_t note_len)
{
	char signer[96], why[200], date[16], clock_text[32];
	enum cab_signature_state sig = cab_signature_verify(r->body, r->body_len, trust_store_date_unix(fresh), signer,
							     sizeof(signer), why, sizeof(why));
	if (sig != CAB_SIGNED_BY_MICROSOFT) {
		snprintf(note, note_len, "the download from %s is %s (%s): only a TrustedTpm.cab signed by Microsoft is taken "
			 "from the network; the cab in use stays", r->url,
			 sig == CAB_UNSIGNED ? "not signed" : "not validly signed by Microsoft", why);
		return -1;
	}
	long long server = 0;
	bool from_server = http_date_parse(r->head.date, &server);
	long long clock = from_server ? server : now;
	if (cab_dated_in_future(fresh, clock)) {
		trust_store_date(fresh, date, sizeof(date));
		format_unix_iso(clock_text, sizeof(clock_text), clock);
		snprintf(note, note_len, "the download from %s is dated %s, more than 2 days after %s (%s): a cab from the "
			 "future is refused; the cab in use stays", r->url, date, clock_text,
			 from_server ? "the server's Date" : "this computer's clock");
		return -1;
	}
	return 0;
}

int cab_refresh(const char *url, const struct http_options *o,
		int (*fetch)(const char *url, const struct http_options *o, struct http_result *r),
		const struct cab_save *save, long long now, struct trust_store *store, bool *have_store, char *note,
		size_t note_len)
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
		if (check_download(&fresh, &r, now, note, note_len) == 0)
			result = keep_if_newer(&fresh, &r, save, store, have_store, note, note_len);
		if (result == 0)
			trust_store_close(&fresh);
	}
	http_result_free(&r);
	return result;
}
