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
/* INCOMPLETE: a report saved while its run was still going (docs/report-schema.md, "complete"); if it is what the
 * stick holds, the run was cut short - a watchdog reset, a power cut, a hang. */
enum verdict { VERDICT_READY, VERDICT_READY_WITH_WARNINGS, VERDICT_NOT_READY, VERDICT_INCOMPLETE };
/* The audible verdict (beep = on): off, the tones were sent, or this machine has no way to send them. */
enum beep_state { BEEP_OFF, BEEP_SENT, BEEP_NOT_AVAILABLE };

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

/* What is known of a run before its checks, so that a file written at the start says whose run it was
 * (report_run_begin): a run is complete only once report_run_end says so. */
struct report_run {
	bool tracked;        /* the front end reports the run's progress (the RUN line, the "run" object) */
	bool complete;       /* false from report_run_begin until report_run_end */
	char stage[80];      /* the last stage reached ("tpm detection", "checks tpm.* from tpm.present") */
	char group[24];      /* the group of checks the stage names ("tpm"), "" before the checks */
	char serial[64], model[64]; /* SMBIOS, gathered before any TPM or network work */
	char settings[240];  /* the configuration in force, nothing secret in it (config_describe) */
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
	struct report_run run;
	enum beep_state beep;
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

/* The run's lifecycle. report_init makes a report whole (built in one go: tests, one-shot renderers). A front end
 * that saves a report at the start calls report_run_begin (the report is then INCOMPLETE), report_run_stage as it
 * goes, and report_run_end once every check is in and the verdict's rules (strict) are applied. */
void report_run_begin(struct report *r, const char *serial, const char *model, const char *settings);
void report_run_stage(struct report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A check starts: when it begins a new group of checks (tpm.*, ek.*), the stage says so and this returns true - the
 * front end then saves the report again (a dozen saves a run rather than one per check). */
bool report_run_check_started(struct report *r, const char *check_id);
void report_run_end(struct report *r);
/* The unit's serial and model: platform.info's evidence once it ran, else what the run knew at its start. */
const char *report_serial(const struct report *r);
const char *report_model(const struct report *r);
const char *beep_state_name(enum beep_state b);

/* Does this outcome count against readiness as a failure (fail, error, or a warning the site made strict)? */
bool result_counts_as_failure(const struct report *r, const struct check_result *res);
enum verdict report_verdict(const struct report *r);
const char *verdict_name(enum verdict v);
const char *check_status_name(enum check_status s);

#endif
