/*
 * linux_run_report.h - with --report-dir, the run's report is on disk from its start: marked INCOMPLETE with its
 * last stage while the run goes on (after the options are read, before any TPM or network work; again when a group
 * of checks begins), completed at the end - the same model as the UEFI application's stick (docs/factory.md).
 */
#ifndef PREFLIGHT_LINUX_RUN_REPORT_H
#define PREFLIGHT_LINUX_RUN_REPORT_H
#include "checks/report/report.h"
#include "checks/util/strbuf.h"

/* Remembers where the report goes (dir NULL: nowhere) and saves it as it stands, stage "started". */
void run_report_begin(struct report *r, const char *dir, const char *serial, long long started);
/* A stage outside the checks ("tpm connection"): said in the report, saved. */
void run_report_stage(const char *stage);
/* A check starts (the engine's progress): saved when it begins a new group of checks. */
void run_report_check(const char *check_id);
/* The completed report: 0 when saved (or no directory was asked for). */
int run_report_final(const struct strbuf *text, const struct strbuf *json);

#endif
