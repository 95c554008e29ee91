/*
 * merge_output.h - where merged rows go: CSV (RFC 4180), SQLite (tables and
 * summary views), and a printed summary. Rows are kept until the end: a
 * second save of one run replaces its row, and each unit's latest run is known
 * only once every report is read.
 */
#ifndef PREFLIGHT_MERGE_OUTPUT_H
#define PREFLIGHT_MERGE_OUTPUT_H
#include <stdbool.h>
#include <stdio.h>
#include "merge_row.h"

struct merge_output {
	FILE *csv, *latest_csv;
	void *db; /* sqlite3 * */
	struct merge_row *rows;
	bool *latest; /* per row, at close: the newest run of its unit */
	size_t count, capacity;
	size_t updated, skipped; /* saves that replaced an earlier save of their run; files not read */
};

/* Opens the outputs asked for (each may be NULL); returns 0, or -1 with a message. */
int merge_output_open(struct merge_output *o, const char *csv_path, const char *latest_csv_path, const char *sqlite_path);
/* Adds a run, or replaces the row of the same run (merge_row_same_run). Returns -1 when out of memory. */
int merge_output_add(struct merge_output *o, const struct merge_row *row);
/* Writes the rows, prints the summary, finishes the files; returns 0, or -1 when a file could not be completed. */
int merge_output_close(struct merge_output *o);

#endif
