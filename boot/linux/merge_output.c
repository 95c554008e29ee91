/* merge_output.c - see merge_output.h: the rows, one per run, each unit's latest, and the CSV files. */
#include "merge_output.h"
#include "merge_columns.h"
#include "merge_sqlite.h"
#include "merge_summary.h"
#include <stdlib.h>
#include <string.h>

/*
 * A spreadsheet may take a cell that starts with = + - @, a tab or a carriage return for a formula, and a formula
 * can run commands or send data away: such a cell gets a leading apostrophe, which makes it text (OWASP,
 * "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection).
 */
static bool formula_start(const char *s)
{
	return *s && strchr("=+-@\t\r", *s);
}

/* RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled. */
static void csv_field(FILE *f, const char *s, bool last)
{
	bool apostrophe = formula_start(s);
	if (apostrophe || strpbrk(s, ",\"\r\n")) {
		fputs(apostrophe ? "\"'" : "\"", f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else {
		fputs(s, f);
	}
	fputs(last ? "\r\n" : ",", f);
}

static void csv_line(FILE *f, const char *const v[MERGE_COLUMNS])
{
	for (int i = 0; i < MERGE_COLUMNS; i++)
		csv_field(f, v[i], i == MERGE_COLUMNS - 1);
}

static FILE *open_csv(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		fprintf(stderr, "preflight: cannot write %s\n", path);
	else
		csv_line(f, merge_column_names);
	return f;
}

int merge_output_open(struct merge_output *o, const char *csv_path, const char *latest_csv_path, const char *sqlite_path)
{
	memset(o, 0, sizeof(*o));
	if ((csv_path && !(o->csv = open_csv(csv_path))) || (latest_csv_path && !(o->latest_csv = open_csv(latest_csv_path))) ||
	    (sqlite_path && !(o->db = merge_sqlite_open(sqlite_path)))) {
		if (o->csv)
			fclose(o->csv);
		if (o->latest_csv)
			fclose(o->latest_csv);
		return -1;
	}
	return 0;
}

int merge_output_add(struct merge_output *o, const struct merge_row *row)
{
	for (size_t i = 0; i < o->count; i++)
		if (merge_row_same_run(&o->rows[i], row)) { /* the later save (file order) stands for the run */
			if (strcmp(row->verdict, "INCOMPLETE") != 0 || strcmp(o->rows[i].verdict, "INCOMPLETE") == 0)
				o->rows[i] = *row; /* but a save from before the run's end never stands for a finished run */
			o->updated++;
			return 0;
		}
	if (o->count == o->capacity) {
		size_t capacity = o->capacity ? o->capacity * 2 : 64;
		struct merge_row *rows = realloc(o->rows, capacity * sizeof(*rows));
		if (!rows)
			return -1;
		o->rows = rows;
		o->capacity = capacity;
	}
	o->rows[o->count++] = *row;
	return 0;
}

/* Orders rows by serial, then start time, then file order (the qsort context: rows are compared by index). */
static const struct merge_row *sorted_rows;

static int by_unit_then_time(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int order = strcmp(sorted_rows[i].serial, sorted_rows[j].serial);
	if (!order)
		order = strcmp(sorted_rows[i].started, sorted_rows[j].started);
	return order ? order : (i > j) - (i < j);
}

/* A unit is its serial number; a run whose serial is unset or a placeholder is a unit of its own. The newest start
 * time wins, and of two equal ones the later row: after sorting, the last row of each serial (n log n, for a
 * line's thousands of runs). */
static int mark_latest(struct merge_output *o)
{
	size_t *order = malloc((o->count ? o->count : 1) * sizeof(*order));
	if (!order)
		return -1;
	for (size_t i = 0; i < o->count; i++)
		order[i] = i;
	sorted_rows = o->rows;
	qsort(order, o->count, sizeof(*order), by_unit_then_time);
	for (size_t k = 0; k < o->count; k++) {
		const struct merge_row *r = &o->rows[order[k]];
		o->latest[order[k]] = r->serial_flag[0] || k + 1 == o->count ||
				      strcmp(o->rows[order[k + 1]].serial, r->serial) != 0;
	}
	free(order);
	return 0;
}

static int write_rows(struct merge_output *o)
{
	for (size_t i = 0; i < o->count; i++) {
		const char *v[MERGE_COLUMNS];
		merge_row_values(&o->rows[i], o->latest[i], v);
		if (o->csv)
			csv_line(o->csv, v);
		if (o->latest_csv && o->latest[i])
			csv_line(o->latest_csv, v);
		if (o->db)
			merge_sqlite_insert(o->db, &o->rows[i], o->latest[i]);
	}
	int r = 0;
	if (o->csv && fclose(o->csv) != 0)
		r = -1;
	if (o->latest_csv && fclose(o->latest_csv) != 0)
		r = -1;
	if (o->db && merge_sqlite_close(o->db) != 0)
		r = -1;
	return r;
}

int merge_output_close(struct merge_output *o)
{
	o->latest = calloc(o->count ? o->count : 1, sizeof(bool));
	if (!o->latest) {
		fprintf(stderr, "preflight: out of memory\n");
		return -1;
	}
	if (mark_latest(o) != 0) {
		fprintf(stderr, "preflight: out of memory\n");
		free(o->latest);
		free(o->rows);
		return -1;
	}
	merge_summary_print(o, stdout);
	int r = write_rows(o);
	free(o->latest);
	free(o->rows);
	return r;
}
