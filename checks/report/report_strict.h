/*
 * report_strict.h - strictness: which warnings count as failures. A site
 * that will not ship a unit with, say, an expiring AIK CA sets
 *   strict = aik.authority.listed, clock.skew     (or: all, off)
 * and those checks' warnings count as failures in the verdict: the outcome stays a warning, and the report marks
 * it "counts as a failure" (report.h, result_counts_as_failure).
 */
#ifndef PREFLIGHT_REPORT_STRICT_H
#define PREFLIGHT_REPORT_STRICT_H
#include "checks/report/report.h"

/* Parses off | all | a comma-separated list of check ids into strict[]; 0, or -1 naming the first bad id in bad. */
int strict_parse(const char *value, bool strict[CHECK_COUNT], char *bad, size_t bad_len);
/* Hands the site's rule to the verdict. */
void report_apply_strict(struct report *r, const bool strict[CHECK_COUNT]);

#endif
