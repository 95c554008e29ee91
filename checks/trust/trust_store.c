/* trust_store.c - index TrustedTpm.cab by role and AIK id; answer AIK CA questions. */
#include "checks/trust/trust_store.h"
#include "checks/x509/cert_time.h"
#include "checks/util/utc_time.h"
#include <mbedtls/sha256.h>
#include <mbedtls/x509_crt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Folder layout of the real cab (docs/attestation-facts.md §3): <Vendor>/RootCA/..., <Vendor>/IntermediateCA/... */
static void classify(struct trust_file *f)
{
	const char *name = f->entry->name, *slash = strchr(name, '/');
	if (!slash)
		return;
	size_t n = (size_t)(slash - name) < sizeof(f->vendor) - 1 ? (size_t)(slash - name) : sizeof(f->vendor) - 1;
	memcpy(f->vendor, name, n);
	bool microsoft = strcasecmp(f->vendor, "Microsoft") == 0;
	if (strncasecmp(slash + 1, "RootCA/", 7) == 0)
		f->role = microsoft ? ROLE_AIK_ROOT : ROLE_EK_ROOT;
	else if (strncasecmp(slash + 1, "IntermediateCA/", 15) == 0) {
		f->has_id = microsoft && aik_id_find(slash + 16, &f->id);
		f->role = f->has_id ? ROLE_AIK_CA : ROLE_EK_INTERMEDIATE;
	}
}

static void index_files(struct trust_store *t)
{
	for (size_t i = 0; i < t->count; i++) {
		t->files[i].entry = &t->cab.entries[i];
		classify(&t->files[i]);
		t->aik_cas += t->files[i].role == ROLE_AIK_CA;
		t->ek_roots += t->files[i].role == ROLE_EK_ROOT;
		t->ek_intermediates += t->files[i].role == ROLE_EK_INTERMEDIATE;
	}
}

int trust_store_open(struct trust_store *t, const uint8_t *cab, size_t len, char *why, size_t why_len)
{
	memset(t, 0, sizeof(*t));
	t->size = len;
	mbedtls_sha256(cab, len, t->sha256, 0);
	if (cab_extract(cab, len, &t->cab, why, why_len) != 0)
		return -1;
	t->count = t->cab.count;
	t->files = calloc(t->count ? t->count : 1, sizeof(*t->files));
	if (!t->files) {
		snprintf(why, why_len, "out of memory");
		trust_store_close(t);
		return -1;
	}
	index_files(t);
	const struct cab_entry *v = cab_find(&t->cab, "version.txt");
	t->has_version_txt = v != NULL;
	if (v && version_history_parse((const char *)v->data, v->len, &t->history) != 0) {
		snprintf(why, why_len, "out of memory while reading version.txt");
		trust_store_close(t);
		return -1;
	}
	return 0;
}

void trust_store_close(struct trust_store *t)
{
	version_history_free(&t->history);
	cab_free(&t->cab);
	free(t->files);
	memset(t, 0, sizeof(*t));
}

/* The expiry of one AIK CA file, as Unix time; 0 when it cannot be parsed. */
static long long file_not_after(const struct cab_entry *e)
{
	mbedtls_x509_crt crt;
	mbedtls_x509_crt_init(&crt);
	long long t = 0;
	if (cert_parse_any(&crt, e->data, e->len) == 0)
		t = x509_time_to_unix(&crt.valid_to);
	mbedtls_x509_crt_free(&crt);
	return t;
}

static void scan_files(const struct trust_store *t, const struct aik_id *id, long long now, struct aik_ca_status *out,
		       bool *any_valid)
{
	long long latest = 0;
	for (size_t i = 0; i < t->count; i++) {
		const struct trust_file *f = &t->files[i];
		if (f->role != ROLE_AIK_CA || strcmp(f->id.canonical, id->canonical) != 0)
			continue;
		if (out->files < 4)
			snprintf(out->file_names[out->files], sizeof(out->file_names[0]), "%s", f->entry->name);
		out->files++;
		long long expires = file_not_after(f->entry);
		if (expires > latest)
			latest = expires;
		if (expires > now)
			*any_valid = true;
	}
	if (latest)
		format_unix_iso(out->not_after, sizeof(out->not_after), latest);
}

static void scan_history(const struct trust_store *t, const struct aik_id *id, struct aik_ca_status *out)
{
	struct history_date last_added = { 0 }, last_removed = { 0 };
	for (size_t i = 0; i < t->history.count; i++) {
		const struct history_event *e = &t->history.events[i];
		if (!e->has_id || strcmp(e->id.canonical, id->canonical) != 0)
			continue;
		out->events++;
		bool gone = e->action == HISTORY_REMOVED || e->action == HISTORY_RENAMED_FROM;
		struct history_date *d = gone ? &last_removed : &last_added;
		if (history_date_compare(&e->date, d) > 0)
			*d = e->date;
	}
	if (history_date_compare(&last_removed, &last_added) > 0)
		out->removed_on = last_removed;
}

void trust_store_aik_status(const struct trust_store *t, const struct aik_id *id, long long now,
			    struct aik_ca_status *out)
{
	bool any_valid = false;
	memset(out, 0, sizeof(*out));
	scan_files(t, id, now, out, &any_valid);
	scan_history(t, id, out);
	if (out->files)
		out->state = any_valid ? AIK_CA_LISTED : AIK_CA_LISTED_EXPIRED;
	else
		out->state = out->removed_on.year ? AIK_CA_REMOVED : AIK_CA_UNKNOWN;
}

const char *aik_ca_state_name(enum aik_ca_state s)
{
	static const char *names[] = { "listed", "listed-expired", "removed", "unknown" };
	return names[s];
}

int trust_store_date_number(const struct trust_store *t)
{
	return t->history.updated.year * 10000 + t->history.updated.month * 100 + t->history.updated.day;
}

long long trust_store_date_unix(const struct trust_store *t)
{
	const struct history_date *d = &t->history.updated;
	return d->year ? civil_to_unix(d->year, d->month, d->day, 0, 0, 0) : 0;
}

long long trust_store_age_days(const struct trust_store *t, long long now)
{
	long long date = trust_store_date_unix(t);
	return date ? (now - date) / 86400 : -1;
}

bool trust_store_is_old(const struct trust_store *t, long long now, unsigned max_days)
{
	return trust_store_age_days(t, now) > (long long)max_days;
}

void trust_store_date(const struct trust_store *t, char *out, size_t len)
{
	if (t->history.updated.year)
		snprintf(out, len, "%04d-%02d-%02d", t->history.updated.year, t->history.updated.month,
			 t->history.updated.day);
	else
		snprintf(out, len, "unknown");
}
