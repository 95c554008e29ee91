/*
 * efi_trust.c - see efi_trust.h. A refreshed cab is saved beside the
 * configured one as <stem>-YYYY-MM-DD.cab (its version.txt date), written
 * atomically and never over an existing file, so the old cab is never lost
 * and a power cut leaves either no new file or a whole one. Each run uses
 * the newest of the configured file and the dated ones, except a dated one
 * whose version.txt is later than the clock allows (cab_dated_in_future): it
 * would otherwise stay "newest" for good. The configured file is used as the
 * operator gave it; dated files come from refreshes, which verified
 * Microsoft's signature before saving them (cab_refresh.c).
 */
#include "efi_trust.h"
#include "efi_console.h"
#include "efi_files.h"
#include "efi_progress.h"
#include "checks/trust/cab_refresh.h"
#include "checks/x509/cert_time.h"
#include "checks/util/utc_time.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { TRUST_FILE_MAX = 32 * 1024 * 1024 };

struct stick_cabs {
	char dir[120], stem[100];
	long long now;    /* the clock, to pass over files named with a date it does not allow */
	char newest[100]; /* the dated file with the latest allowed date in its name, "" when none */
	char future[100]; /* the latest file named with a date later than the clock allows, "" when none */
};

static long long name_date(const char *iso)
{
	return civil_to_unix(atoi(iso), atoi(iso + 5), atoi(iso + 8), 0, 0, 0);
}

/* Files named <stem>-YYYY-MM-DD.cab; the name's date orders them (ISO dates sort as text). */
static void consider(void *ctx, const char *name)
{
	struct stick_cabs *c = ctx;
	size_t stem = strlen(c->stem);
	if (strlen(name) != stem + 15 || strncasecmp(name, c->stem, stem) != 0 || name[stem] != '-' ||
	    strcasecmp(name + stem + 11, ".cab") != 0)
		return;
	for (int i = 0; i < 10; i++)
		if (!(i == 4 || i == 7 ? name[stem + 1 + i] == '-' : isdigit((unsigned char)name[stem + 1 + i])))
			return;
	char *best = name_date(name + stem + 1) > c->now + CAB_FUTURE_MARGIN_S ? c->future : c->newest;
	if (!best[0] || strcmp(name + stem + 1, best + stem + 1) > 0)
		snprintf(best, sizeof(c->newest), "%s", name);
}

static void split_path(const char *path, struct stick_cabs *c)
{
	const char *slash = strrchr(path, '\\');
	const char *name = slash ? slash + 1 : path;
	size_t len = strlen(name);
	snprintf(c->dir, sizeof(c->dir), "%.*s", slash ? (int)(slash - path) : 0, path);
	snprintf(c->stem, sizeof(c->stem), "%.*s", len > 4 && !strcasecmp(name + len - 4, ".cab") ? (int)len - 4 : (int)len,
		 name);
}

static int open_cab(const char *path, struct trust_store *store, char *why, size_t why_len)
{
	char *data = NULL;
	size_t len = 0;
	EFI_STATUS s = efi_read_file(path, TRUST_FILE_MAX, &data, &len);
	if (EFI_ERROR(s)) {
		snprintf(why, why_len, "%s could not be read from the stick: %s", path, efi_status_text(s));
		return -1;
	}
	char what[200];
	snprintf(what, sizeof(what), "extracting %s", path);
	efi_progress_step("trust.cab", what);
	char reason[160];
	int rc = trust_store_open(store, (const uint8_t *)data, len, reason, sizeof(reason));
	if (rc != 0)
		snprintf(why, why_len, "%s is not a usable TrustedTpm.cab: %s", path, reason);
	free(data);
	return rc;
}

/* What the report says about dated cabs passed over (the evidence holds 200 characters: file names only). */
static void note_skipped(const struct stick_cabs *c, const char *dated_inside, struct engine_options *o)
{
	char clock[32], named[120] = "", inside[140] = "";
	if (!c->future[0] && !dated_inside[0])
		return;
	format_unix_iso(clock, sizeof(clock), o->now);
	if (c->future[0])
		snprintf(named, sizeof(named), "%s (named so)%s", c->future, dated_inside[0] ? ", " : "");
	if (dated_inside[0])
		snprintf(inside, sizeof(inside), "%s (by its version.txt)", dated_inside);
	snprintf(o->store_skipped, sizeof(o->store_skipped), "%s%s: more than 2 days after the clock (%.10s), not used; "
		 "set the clock, or remove", named, inside, clock);
}

/* A dated cab whose version.txt is later than the clock allows is not used either, whatever its name says;
 * dated_inside then gets its name and that date. */
static bool open_dated(const struct stick_cabs *c, struct engine_options *o, struct trust_store *dated,
		       char *dated_inside, size_t len)
{
	char path[230], why[200], date[16];
	snprintf(path, sizeof(path), "%s\\%s", c->dir, c->newest);
	if (open_cab(path, dated, why, sizeof(why)) != 0)
		return false;
	if (!cab_dated_in_future(dated, o->now))
		return true;
	trust_store_date(dated, date, sizeof(date));
	snprintf(dated_inside, len, "%s dated %s", c->newest, date);
	trust_store_close(dated);
	return false;
}

/* The configured cab, or a dated one saved by an earlier refresh when that one is newer. */
static bool open_newest(const struct config *cfg, struct stick_cabs *c, struct engine_options *o, struct trust_store *store)
{
	struct trust_store dated;
	char dated_inside[140] = "";
	snprintf(o->store_name, sizeof(o->store_name), "%s", cfg->trust_file);
	bool have = open_cab(cfg->trust_file, store, o->store_problem, sizeof(o->store_problem)) == 0;
	bool usable = c->newest[0] && open_dated(c, o, &dated, dated_inside, sizeof(dated_inside));
	note_skipped(c, dated_inside, o);
	if (!usable)
		return have;
	if (have && trust_store_date_number(&dated) <= trust_store_date_number(store)) {
		trust_store_close(&dated);
		return true;
	}
	if (have)
		trust_store_close(store);
	*store = dated;
	o->store_problem[0] = 0;
	snprintf(o->store_name, sizeof(o->store_name), "%s\\%s", c->dir, c->newest);
	return true;
}

static int save_dated(void *ctx, const char *new_date, const char *old_date, const uint8_t *data, size_t len, char *where,
		      size_t where_len)
{
	struct stick_cabs *c = ctx;
	char name[120];
	snprintf(name, sizeof(name), "%s-%s.cab", c->stem, new_date);
	EFI_STATUS s = efi_write_new_file(c->dir, name, data, len);
	if (EFI_ERROR(s)) {
		snprintf(where, where_len, "%s\\%s: %s", c->dir, name, efi_status_text(s));
		return -1;
	}
	snprintf(where, where_len, "saved as %s\\%s beside the old one (dated %s)", c->dir, name, old_date);
	snprintf(c->newest, sizeof(c->newest), "%s", name);
	return 0;
}

void efi_trust_load(const struct config *cfg, struct engine_options *o, struct trust_store *store)
{
	struct stick_cabs c = { .now = o->now };
	split_path(cfg->trust_file, &c);
	efi_list_dir(c.dir[0] ? c.dir : "\\", consider, &c);
	bool have = open_newest(cfg, &c, o, store);
	if (o->fetch && cfg->refresh_cab) {
		efi_progress_step("trust.cab", "asking Microsoft for a newer TrustedTpm.cab");
		struct cab_save save = { save_dated, &c };
		if (cab_refresh(TRUSTED_TPM_CAB_URL, &o->http, o->fetch, &save, o->now, store, &have, o->store_refresh,
				sizeof(o->store_refresh)) == 1) {
			o->store_problem[0] = 0;
			snprintf(o->store_name, sizeof(o->store_name), "%s\\%s", c.dir, c.newest);
		}
	}
	o->store = have ? store : NULL;
}
