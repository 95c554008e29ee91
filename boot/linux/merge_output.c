/* merge_output.c - CSV, SQLite and the printed summary of merged runs. */
#include "merge_output.h"
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const columns[] = { "file", "serial", "manufacturer", "model", "bios_version", "tpm_vendor",
				       "tpm_firmware", "verdict", "failing", "predicts", "started_utc" };
enum { COLUMNS = sizeof(columns) / sizeof(columns[0]) };

static void row_values(const struct merge_row *r, const char *v[COLUMNS])
{
	const char *values[COLUMNS] = { r->file, r->serial, r->manufacturer, r->model, r->bios_version, r->tpm_vendor,
					r->tpm_firmware, r->verdict, r->failing, r->predicts, r->started };
	memcpy(v, values, sizeof(values));
}

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

static const char *const schema =
	"CREATE TABLE runs(id INTEGER PRIMARY KEY, file TEXT, serial TEXT, manufacturer TEXT, model TEXT, "
	"bios_version TEXT, tpm_vendor TEXT, tpm_firmware TEXT, verdict TEXT, failing TEXT, predicts TEXT, started_utc TEXT);"
	"CREATE TABLE failures(run_id INTEGER REFERENCES runs(id), check_id TEXT);"
	"CREATE VIEW summary_by_verdict AS SELECT verdict, COUNT(*) AS runs FROM runs GROUP BY verdict;"
	"CREATE VIEW summary_by_check AS SELECT check_id, COUNT(*) AS runs FROM failures GROUP BY check_id ORDER BY runs DESC;"
	"CREATE VIEW summary_by_model AS SELECT manufacturer, model, COUNT(*) AS runs, "
	"SUM(verdict = 'NOT READY') AS not_ready FROM runs GROUP BY manufacturer, model;";

static int open_db(struct merge_output *o, const char *path)
{
	sqlite3 *db = NULL;
	unlink(path); /* the database is derived data: made anew each merge */
	if (sqlite3_open(path, &db) != SQLITE_OK || sqlite3_exec(db, schema, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "preflight: cannot create the SQLite database %s: %s\n", path, db ? sqlite3_errmsg(db) : "");
		sqlite3_close(db);
		return -1;
	}
	o->db = db;
	return 0;
}

int merge_output_open(struct merge_output *o, const char *csv_path, const char *sqlite_path)
{
	memset(o, 0, sizeof(*o));
	if (csv_path && !(o->csv = fopen(csv_path, "w"))) {
		fprintf(stderr, "preflight: cannot write %s\n", csv_path);
		return -1;
	}
	if (o->csv)
		for (int i = 0; i < COLUMNS; i++)
			csv_field(o->csv, columns[i], i == COLUMNS - 1);
	if (sqlite_path && open_db(o, sqlite_path) != 0) {
		if (o->csv)
			fclose(o->csv);
		return -1;
	}
	return 0;
}

static void count(struct tally *t, const char *key, bool not_ready)
{
	size_t i = 0;
	while (i < t->count && strcmp(t->key[i], key) != 0)
		i++;
	if (i == t->count) {
		if (t->count == SUMMARY_KEYS_MAX)
			return;
		snprintf(t->key[t->count++], sizeof(t->key[0]), "%s", key);
	}
	t->value[i]++;
	t->not_ready[i] += not_ready;
}

static void insert(sqlite3 *db, const struct merge_row *row)
{
	const char *v[COLUMNS];
	sqlite3_stmt *st;
	row_values(row, v);
	if (sqlite3_prepare_v2(db, "INSERT INTO runs(file, serial, manufacturer, model, bios_version, tpm_vendor, "
				   "tpm_firmware, verdict, failing, predicts, started_utc) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
			       -1, &st, NULL) != SQLITE_OK)
		return;
	for (int i = 0; i < COLUMNS; i++)
		sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_TRANSIENT);
	sqlite3_step(st);
	sqlite3_finalize(st);
	sqlite3_int64 id = sqlite3_last_insert_rowid(db);
	char ids[sizeof(row->failing)];
	snprintf(ids, sizeof(ids), "%s", row->failing);
	for (char *save, *id_text = strtok_r(ids, " ", &save); id_text; id_text = strtok_r(NULL, " ", &save)) {
		if (sqlite3_prepare_v2(db, "INSERT INTO failures(run_id, check_id) VALUES(?, ?)", -1, &st, NULL) != SQLITE_OK)
			return;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, id_text, -1, SQLITE_TRANSIENT);
		sqlite3_step(st);
		sqlite3_finalize(st);
	}
}

void merge_output_add(struct merge_output *o, const struct merge_row *row)
{
	const char *v[COLUMNS];
	row_values(row, v);
	if (o->csv)
		for (int i = 0; i < COLUMNS; i++)
			csv_field(o->csv, v[i], i == COLUMNS - 1);
	if (o->db)
		insert(o->db, row);
	bool not_ready = strcmp(row->verdict, "NOT READY") == 0;
	count(&o->verdicts, row->verdict, not_ready);
	char ids[sizeof(row->failing)], model[160];
	snprintf(ids, sizeof(ids), "%s", row->failing);
	for (char *save, *id = strtok_r(ids, " ", &save); id; id = strtok_r(NULL, " ", &save))
		count(&o->failing, id, true);
	snprintf(model, sizeof(model), "%s %s", row->manufacturer[0] ? row->manufacturer : "unknown maker",
		 row->model[0] ? row->model : "unknown model");
	count(&o->models, model, not_ready);
	o->rows++;
}

int merge_output_close(struct merge_output *o)
{
	int r = 0;
	printf("MERGED   %zu run(s), %zu file(s) skipped\n", o->rows, o->skipped);
	for (size_t i = 0; i < o->verdicts.count; i++)
		printf("VERDICT  %s: %zu\n", o->verdicts.key[i], o->verdicts.value[i]);
	for (size_t i = 0; i < o->failing.count; i++)
		printf("FAILING  %s: %zu run(s)\n", o->failing.key[i], o->failing.value[i]);
	for (size_t i = 0; i < o->models.count; i++)
		printf("MODEL    %s: %zu run(s), %zu not ready\n", o->models.key[i], o->models.value[i], o->models.not_ready[i]);
	if (o->csv && fclose(o->csv) != 0)
		r = -1;
	if (o->db) {
		r |= sqlite3_exec(o->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
		sqlite3_close(o->db);
	}
	return r;
}
