/*
 * report.h - the report is the product: one outcome per check (stable id,
 * status, the reason when it did not pass, summary, details, evidence) and
 * an overall verdict. A check's outcome is built as a draft and committed
 * once; a committed outcome cannot be changed. What follows from an outcome
 * (its fix, the Windows error it predicts) is derived when it is shown
 * (check_guidance.h). Renderers: report_text.c, report_json.c.
 */
#ifndef PREFLIGHT_REPORT_H
#define PREFLIGHT_REPORT_H
#include <stdbool.h>
#include <stddef.h>
#include "checks/table/check_table.h"

enum check_status { CHECK_PASS, CHECK_WARN, CHECK_FAIL, CHECK_SKIP, CHECK_ERROR };
enum verdict { VERDICT_READY, VERDICT_READY_WITH_WARNINGS, VERDICT_NOT_READY };

enum { EVIDENCE_MAX = 32, REPORT_CHECKS_MAX = 64, REPORT_NOTES_MAX = 16, REASON_MAX = 48 };

struct evidence {
	char key[40];
	char value[200];
};

struct check_result {
	const struct check_descriptor *check;
	enum check_status status;
	char reason[REASON_MAX]; /* the check's reason id ("no-nv-index"); "" for a pass */
	char summary[240];
	char details[600];
	/* What a reason marked from_data takes from the finding (a firmware advisory's own fix and prediction). */
	char data_fix[400];
	char data_predicts[160];
	int evidence_count;
	struct evidence evidence[EVIDENCE_MAX];
};

struct report {
	char tool_version[32];
	char front_end[16];  /* "uefi" or "linux" */
	char started_utc[32];/* ISO 8601, from the platform clock */
	char run_id[20];     /* 16 hex digits, new for each run: saves of one run share it (report merge keeps one row) */
	bool strict[CHECK_COUNT]; /* a site's rule: these checks' warnings count as failures in the verdict */
	int count;
	struct check_result results[REPORT_CHECKS_MAX];
	char delivery[300];  /* where the report did not get to (the stick, the collector), for the result screen's banner */
	int note_count;      /* configuration problems and the like */
	char notes[REPORT_NOTES_MAX][200];
};

void report_init(struct report *r, const char *front_end, const char *started_utc);

/* Drafts: a check fills one in, the engine commits it. */
void outcome_init(struct check_result *o, enum check_id id);
void outcome_set(struct check_result *o, enum check_status status, const char *reason, const char *summary_fmt, ...)
	__attribute__((format(printf, 4, 5)));
void result_details(struct check_result *res, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void result_evidence(struct check_result *res, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Commits a draft. Each check is committed once: a second outcome for the same check, a check the table lacks or a
 * full report is refused (false) and said in a note. */
bool report_commit(struct report *r, const struct check_result *outcome);
/* Drafts, sets and commits an outcome without evidence in one go (tests, simple front-end results). */
const struct check_result *report_record(struct report *r, enum check_id id, enum check_status status, const char *reason,
					 const char *summary_fmt, ...) __attribute__((format(printf, 5, 6)));
void report_note(struct report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Adds one place the report did not reach ("NOT SAVED to the stick: write-protected"); "" clears them. */
void report_delivery(struct report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const struct check_result *report_find(const struct report *r, enum check_id id);

/* Does this outcome count against readiness as a failure (fail, error, or a warning the site made strict)? */
bool result_counts_as_failure(const struct report *r, const struct check_result *res);
enum verdict report_verdict(const struct report *r);
const char *verdict_name(enum verdict v);
const char *check_status_name(enum check_status s);

#endif
