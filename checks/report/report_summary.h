/*
 * report_summary.h - the report in one short line for a ticket: what a phone
 * carries from the screen (as a QR code) and what a log scraper reads from
 * the SUMMARY line. Format (docs/report-schema.md, "Compact summary"):
 *   TPMPF2|<serial>|<model>|<READY|WARNINGS|NOT-READY|INCOMPLETE>|<failing ids>|<warning ids>|<predicted codes>
 * ids comma separated, each list ending "+N" when N more did not fit; codes:
 * the distinct 0xXXXXXXXX the failing and warning checks predict.
 */
#ifndef PREFLIGHT_REPORT_SUMMARY_H
#define PREFLIGHT_REPORT_SUMMARY_H
#include "checks/report/report.h"

/* QR version 10 at level M holds 213 bytes: the summary stays at or under that (ISO/IEC 18004 table 7). */
enum { REPORT_SUMMARY_MAX = 213 };

/* Writes the summary into out (at least REPORT_SUMMARY_MAX + 1 bytes); never longer than REPORT_SUMMARY_MAX. */
void report_compact_summary(const struct report *r, char *out, size_t len);

#endif
