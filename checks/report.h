/*
 * report.h - the report is the product: one result per check (stable id,
 * status, summary, details, remediation, the Windows error it predicts, its
 * evidence) and an overall verdict. Renderers: report_text.c, report_json.c.
 */
#ifndef PREFLIGHT_REPORT_H
#define PREFLIGHT_REPORT_H
#include <stdbool.h>
#include <stddef.h>
#include "check_table.h"

enum check_status { CHECK_PASS, CHECK_WARN, CHECK_FAIL, CHECK_SKIP, CHECK_ERROR };
enum verdict { VERDICT_READY, VERDICT_READY_WITH_WARNINGS, VERDICT_NOT_READY };

enum { EVIDENCE_MAX = 32, REPORT_CHECKS_MAX = 64, REPORT_NOTES_MAX = 16 };

struct evidence {
	char key[40];
	char value[200];
};

struct check_result {
	const struct check_descriptor *check;
	enum check_status status;
	char summary[240];
	char details[600];
	char remediation[400];
	char predicts[160];    /* overrides the table's prediction when set (e.g. per advisory) */
	int evidence_count;
	struct evidence evidence[EVIDENCE_MAX];
};

struct report {
	char tool_version[32];
	char front_end[16];  /* "uefi" or "linux" */
	char started_utc[32];/* ISO 8601, from the platform clock */
	int count;
	struct check_result results[REPORT_CHECKS_MAX];
	int note_count;      /* configuration problems and the like */
	char notes[REPORT_NOTES_MAX][200];
};

void report_init(struct report *r, const char *front_end, const char *started_utc);
/* Adds a result for a check id from the check table; NULL if the table lacks it or the report is full. */
struct check_result *report_add(struct report *r, enum check_id id, enum check_status status, const char *summary_fmt, ...)
	__attribute__((format(printf, 4, 5)));
void result_details(struct check_result *res, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void result_evidence(struct check_result *res, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void report_note(struct report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const struct check_result *report_find(const struct report *r, enum check_id id);

enum verdict report_verdict(const struct report *r);
const char *verdict_name(enum verdict v);
const char *check_status_name(enum check_status s);

#endif
