/* cab_refresh.c - download, validate, compare dates, replace atomically keeping the old cab. */
#include "cab_refresh.h"
#include "tpmdrv/posix_io.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { CAB_DOWNLOAD_MAX = 32 * 1024 * 1024 };

static int date_value(const struct trust_store *t)
{
	return t->history.updated.year * 10000 + t->history.updated.month * 100 + t->history.updated.day;
}

/* Writes data as path through a temporary file; the current file is first linked to PATH-YYYY-MM-DD.cab. */
static int replace_file(const char *path, const struct trust_store *old, bool have_old, const uint8_t *data, size_t len,
			char *kept, size_t kept_len)
{
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof(tmp), "%s.download", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	bool ok = posix_write_all(fd, data, len, 30000) == 0 && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	kept[0] = 0;
	if (ok && have_old) {
		char date[16];
		trust_store_date(old, date, sizeof(date));
		snprintf(kept, kept_len, "%.*s-%s.cab", (int)(strlen(path) > 4 && !strcmp(path + strlen(path) - 4, ".cab")
							      ? strlen(path) - 4 : strlen(path)), path, date);
		if (link(path, kept) != 0 && errno != EEXIST)
			ok = false;
	}
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

int cab_refresh(const char *path, const char *url, const struct http_options *o, struct trust_store *store,
		bool *have_store, char *note, size_t note_len)
{
	struct http_options big = *o;
	big.max_body = CAB_DOWNLOAD_MAX;
	big.total_ms = big.total_ms < 120000 ? 120000 : big.total_ms;
	struct http_result r;
	if (http_get(url, &big, &r) != 0 || r.head.status != 200) {
		snprintf(note, note_len, "TrustedTpm.cab could not be downloaded from %s: %s", url,
			 r.failed ? r.error : r.head.status ? "the server did not answer 200" : "no answer");
		http_result_free(&r);
		return -1;
	}
	struct trust_store fresh;
	char why[160], new_date[16], old_date[16] = "none";
	int result = 0;
	if (trust_store_open(&fresh, r.body, r.body_len, why, sizeof(why)) != 0) {
		snprintf(note, note_len, "the download from %s is not a usable TrustedTpm.cab (%s); the cab on disk stays", r.url, why);
		http_result_free(&r);
		return 0;
	}
	trust_store_date(&fresh, new_date, sizeof(new_date));
	if (*have_store)
		trust_store_date(store, old_date, sizeof(old_date));
	if (*have_store && date_value(&fresh) <= date_value(store)) {
		snprintf(note, note_len, "downloaded TrustedTpm.cab is dated %s, not newer than %s: the cab on disk stays", new_date,
			 old_date);
		trust_store_close(&fresh);
	} else {
		char kept[PATH_MAX];
		if (replace_file(path, store, *have_store, r.body, r.body_len, kept, sizeof(kept)) != 0) {
			snprintf(note, note_len, "a newer TrustedTpm.cab (%s) was downloaded but %s could not be replaced: %s",
				 new_date, path, strerror(errno));
			trust_store_close(&fresh);
		} else {
			snprintf(note, note_len, "downloaded TrustedTpm.cab dated %s (was %s) from %s; the old one is kept as %s",
				 new_date, old_date, r.url, kept[0] ? kept : "(none)");
			if (*have_store)
				trust_store_close(store);
			*store = fresh;
			*have_store = true;
			result = 1;
		}
	}
	http_result_free(&r);
	return result;
}
