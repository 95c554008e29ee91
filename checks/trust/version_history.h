/*
 * version_history.h - version.txt of TrustedTpm.cab: newest-first blocks
 * headed by a date ("21-November-2024"), each with free-form headings ("Added
 * the following AIK Certificates", "Removed revoked ifx certs:", "Renamed ...")
 * and one file name per line. Headings are matched by keyword, never by exact
 * text (docs/attestation-facts.md §3); CRLF, bare CR, tabs and spaces are all line noise.
 */
#ifndef PREFLIGHT_VERSION_HISTORY_H
#define PREFLIGHT_VERSION_HISTORY_H
#include <stddef.h>
#include "checks/trust/aik_id.h"

enum history_action { HISTORY_ADDED, HISTORY_REMOVED, HISTORY_RENAMED_FROM, HISTORY_RENAMED_TO, HISTORY_OTHER };
enum history_kind { HISTORY_AIK, HISTORY_EK, HISTORY_UNKNOWN };

struct history_date {
	int year, month, day; /* 0 when unknown */
};

struct history_event {
	struct history_date date;
	enum history_action action;
	enum history_kind kind;
	char name[96];       /* the file name as written */
	bool has_id;
	struct aik_id id;    /* when the name is an AIK CA file */
};

struct version_history {
	struct history_date updated; /* the newest date in the file */
	struct history_event *events;
	size_t count;
	size_t lines;
};

enum { VERSION_TXT_MAX = 4 * 1024 * 1024, HISTORY_EVENTS_MAX = 50000 };

/* Parses the text (need not be NUL-terminated). Returns 0, or -1 when out of memory. */
int version_history_parse(const char *text, size_t len, struct version_history *out);
void version_history_free(struct version_history *h);
/* Parses "21-November-2024" / "01-Aug-2022"; returns true on success. */
bool history_date_parse(const char *text, struct history_date *out);
int history_date_compare(const struct history_date *a, const struct history_date *b);
const char *history_action_name(enum history_action a);
const char *history_kind_name(enum history_kind k);

#endif
