/* merge_output.h - where merged rows go: CSV (RFC 4180), SQLite (tables and summary views), and a printed summary. */
#ifndef PREFLIGHT_MERGE_OUTPUT_H
#define PREFLIGHT_MERGE_OUTPUT_H
#include <stdio.h>
#include "merge_row.h"

enum { SUMMARY_KEYS_MAX = 512 };

struct tally {
	size_t count;
	char key[SUMMARY_KEYS_MAX][96];
	size_t value[SUMMARY_KEYS_MAX], not_ready[SUMMARY_KEYS_MAX];
};

struct merge_output {
	FILE *csv;
	void *db; /* sqlite3 * */
	size_t rows, skipped;
	struct tally verdicts, failing, models;
};

int merge_output_open(struct merge_output *o, const char *csv_path, const char *sqlite_path);
void merge_output_add(struct merge_output *o, const struct merge_row *row);
/* Prints the summary, finishes the files; returns 0, or -1 when a file could not be completed. */
int merge_output_close(struct merge_output *o);

#endif
