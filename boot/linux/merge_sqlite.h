/* merge_sqlite.h - the merged runs as an SQLite database: tables runs, failures, warnings and summary views. */
#ifndef PREFLIGHT_MERGE_SQLITE_H
#define PREFLIGHT_MERGE_SQLITE_H
#include <stdbool.h>
#include "merge_row.h"

/* Creates the database anew (it is derived data); returns NULL with a message on stderr. */
void *merge_sqlite_open(const char *path);
void merge_sqlite_insert(void *db, const struct merge_row *row, bool latest);
/* Commits and closes; returns 0, or -1. */
int merge_sqlite_close(void *db);

#endif
