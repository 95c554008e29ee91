/*
 * report_strict.h - strictness: which warnings count as failures. A site
 * that will not ship a unit with, say, an expiring AIK CA sets
 *   strict = aik.authority.listed, clock.skew     (or: all, off)
 * and those checks' warnings become failures, marked as such in the report.
 */
#ifndef PREFLIGHT_REPORT_STRICT_H
#define PREFLIGHT_REPORT_STRICT_H
#include "report.h"

/* Parses off | all | a comma-separated list of check ids into strict[]; 0, or -1 naming the first bad id in bad. */
int strict_parse(const char *value, bool strict[CHECK_COUNT], char *bad, size_t bad_len);
/* Turns each warning of a strict check into a failure, saying why in its details. */
void report_apply_strict(struct report *r, const bool strict[CHECK_COUNT]);

#endif
