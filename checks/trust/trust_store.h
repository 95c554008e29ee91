/*
 * trust_store.h - Microsoft's TrustedTpm.cab, opened: its files (extracted in
 * memory), its digest and date, the EK roots and intermediates per vendor,
 * the AIK CAs of Microsoft\IntermediateCA indexed by id, and the history of
 * version.txt. Certificates are parsed only when a check asks for them.
 */
#ifndef PREFLIGHT_TRUST_STORE_H
#define PREFLIGHT_TRUST_STORE_H
#include <stdbool.h>
#include <stdint.h>
#include "checks/trust/aik_id.h"
#include "checks/cab/cab_archive.h"
#include "checks/trust/version_history.h"

enum cab_role { ROLE_OTHER, ROLE_EK_ROOT, ROLE_EK_INTERMEDIATE, ROLE_AIK_CA, ROLE_AIK_ROOT };

struct trust_file {
	const struct cab_entry *entry;
	enum cab_role role;
	char vendor[24];   /* the top folder: AMD, Infineon, Microsoft ... */
	bool has_id;
	struct aik_id id;  /* ROLE_AIK_CA */
};

struct trust_store {
	struct cab_archive cab;
	struct trust_file *files;
	size_t count;
	uint8_t sha256[32];
	size_t size;
	struct version_history history;
	bool has_version_txt;
	size_t aik_cas, ek_roots, ek_intermediates;
};

/* Opens a cab held in memory; returns 0, or -1 with a reason. */
int trust_store_open(struct trust_store *t, const uint8_t *cab, size_t len, char *why, size_t why_len);
void trust_store_close(struct trust_store *t);

enum aik_ca_state {
	AIK_CA_LISTED,         /* a file for the id is in the cab and unexpired */
	AIK_CA_LISTED_EXPIRED, /* files are there but every one has expired */
	AIK_CA_REMOVED,        /* no file; version.txt removed it on a date and did not re-add it */
	AIK_CA_UNKNOWN,        /* no file and no history */
};

struct aik_ca_status {
	enum aik_ca_state state;
	size_t files;                   /* files for this id (regions, _2/_new renewals) */
	char file_names[4][96];
	char not_after[32];             /* latest expiry among the files, ISO 8601 */
	struct history_date removed_on; /* the last removal, when state is REMOVED */
	size_t events;                  /* history entries for this id */
};

/* Looks the id up in the files and the history; `now` (Unix time) decides expiry. */
void trust_store_aik_status(const struct trust_store *t, const struct aik_id *id, long long now,
			    struct aik_ca_status *out);
const char *aik_ca_state_name(enum aik_ca_state s);
/* The newest date of version.txt as ISO "2024-11-21", or "unknown". */
void trust_store_date(const struct trust_store *t, char *out, size_t len);
/* The same date as YYYYMMDD for comparing cabs (0 when unknown). */
int trust_store_date_number(const struct trust_store *t);
/* The same date as Unix time (midnight UTC; 0 when unknown). */
long long trust_store_date_unix(const struct trust_store *t);

/* Microsoft adds AIK CAs to TrustedTpm.cab several times a year (docs/trusted-cab.md): a cab older than about a
 * quarter may lack a TPM's new AIK CA. The default of cab_max_age_days. */
enum { TRUST_CAB_MAX_AGE_DAYS = 90 };
/* Whole days from the cab's date to `now`; -1 when its date is unknown. */
long long trust_store_age_days(const struct trust_store *t, long long now);
/* Older than max_days at `now` (a cab of unknown date is not called old: trust.cab shows "unknown"). */
bool trust_store_is_old(const struct trust_store *t, long long now, unsigned max_days);

#endif
