/*
 * merge_row.h - one run of the tool, as `preflight report merge` tabulates it:
 * taken from a report JSON file (docs/report-schema.md).
 */
#ifndef PREFLIGHT_MERGE_ROW_H
#define PREFLIGHT_MERGE_ROW_H
#include <stddef.h>
#include "checks/util/json_reader.h"

struct merge_row {
	char file[256];
	char serial[64], manufacturer[64], model[64], bios_version[64];
	char tpm_vendor[16], tpm_firmware[48];
	char verdict[24], started[32]; /* verdict INCOMPLETE: the report says "complete": false (a run cut short) */
	char stage[80];     /* an incomplete run's last stage; "" for a finished run */
	char run_id[24];    /* the report's run_id; saves of one run share it ("" in reports before it existed) */
	char serial_flag[16]; /* "" for a usable serial, else "unset" or "placeholder" (serial_placeholder.h) */
	char failing[512];  /* failing and erroring check ids (and warnings a site made strict), space-separated */
	char warnings[512]; /* the other warnings' check ids, space-separated */
	char predicts[512]; /* the failing checks' predicted Windows errors, "; "-separated */
};

/* Two rows for the same run: the same run_id, or without one the same serial and start time. */
int merge_row_same_run(const struct merge_row *a, const struct merge_row *b);

/* Copies text for a terminal, a CSV cell or a table: controls (C0, DEL, C1, line separators, bidirectional
 * overrides) and bytes that are not UTF-8 become '?'; cut to whole characters to fit cap. */
void merge_text_clean(char *dst, size_t cap, const char *src);
/* Fills a row from a parsed report, every text cleaned as merge_text_clean does; returns 0, or -1 with a reason
 * when it is not a tpm-preflight report. */
int merge_row_from_report(const struct json_doc *doc, const char *file, struct merge_row *row, char *why, size_t why_len);

#endif
