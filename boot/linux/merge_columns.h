/* merge_columns.h - the columns of a merged run, in the order the CSV and the SQLite table `runs` share. */
#ifndef PREFLIGHT_MERGE_COLUMNS_H
#define PREFLIGHT_MERGE_COLUMNS_H
#include "merge_row.h"

enum { MERGE_COLUMNS = 16 };
extern const char *const merge_column_names[MERGE_COLUMNS];
/* The row's values in column order; `latest` fills the column of that name ("yes"/"no"). */
void merge_row_values(const struct merge_row *r, bool latest, const char *v[MERGE_COLUMNS]);

#endif
