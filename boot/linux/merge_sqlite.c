/* merge_sqlite.c - see merge_sqlite.h. */
#include "merge_sqlite.h"
#include "merge_columns.h"
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* runs.latest marks each unit's newest run; latest_by_serial is the line's view: one row per unit (runs whose serial
 * is unset or a placeholder cannot be told apart, so each stays its own). */
static const char *const schema =
	"CREATE TABLE runs(id INTEGER PRIMARY KEY, file TEXT, run_id TEXT, serial TEXT, serial_flag TEXT, manufacturer TEXT, "
	"model TEXT, bios_version TEXT, tpm_vendor TEXT, tpm_firmware TEXT, verdict TEXT, failing TEXT, warnings TEXT, "
	"predicts TEXT, started_utc TEXT, latest TEXT, stage TEXT);"
	"CREATE TABLE failures(run INTEGER REFERENCES runs(id), check_id TEXT);"
	"CREATE TABLE warnings(run INTEGER REFERENCES runs(id), check_id TEXT);"
	"CREATE VIEW latest_by_serial AS SELECT * FROM runs WHERE latest = 'yes';"
	"CREATE VIEW summary_by_verdict AS SELECT verdict, COUNT(*) AS runs FROM runs GROUP BY verdict;"
	"CREATE VIEW summary_by_check AS SELECT check_id, COUNT(*) AS runs FROM failures GROUP BY check_id ORDER BY runs DESC;"
	"CREATE VIEW summary_warnings_by_check AS SELECT check_id, COUNT(*) AS runs FROM warnings GROUP BY check_id "
	"ORDER BY runs DESC;"
	"CREATE VIEW summary_by_model AS SELECT manufacturer, model, COUNT(*) AS runs, "
	"SUM(verdict = 'NOT READY') AS not_ready FROM runs GROUP BY manufacturer, model;";

void *merge_sqlite_open(const char *path)
{
	sqlite3 *db = NULL;
	unlink(path);
	if (sqlite3_open(path, &db) != SQLITE_OK || sqlite3_exec(db, schema, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "preflight: cannot create the SQLite database %s: %s\n", path, db ? sqlite3_errmsg(db) : "");
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/* One row of failures or warnings per check id of the space-separated list. */
static void insert_ids(sqlite3 *db, const char *table_insert, sqlite3_int64 run, const char *list)
{
	char ids[sizeof(((struct merge_row *)0)->failing)];
	sqlite3_stmt *st;
	snprintf(ids, sizeof(ids), "%s", list);
	for (char *save, *id = strtok_r(ids, " ", &save); id; id = strtok_r(NULL, " ", &save)) {
		if (sqlite3_prepare_v2(db, table_insert, -1, &st, NULL) != SQLITE_OK)
			return;
		sqlite3_bind_int64(st, 1, run);
		sqlite3_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
		sqlite3_step(st);
		sqlite3_finalize(st);
	}
}

void merge_sqlite_insert(void *handle, const struct merge_row *row, bool latest)
{
	sqlite3 *db = handle;
	const char *v[MERGE_COLUMNS];
	char sql[640] = "INSERT INTO runs(";
	sqlite3_stmt *st;
	merge_row_values(row, latest, v);
	for (int i = 0; i < MERGE_COLUMNS; i++)
		snprintf(sql + strlen(sql), sizeof(sql) - strlen(sql), "%s%s", merge_column_names[i], i + 1 < MERGE_COLUMNS ? "," : ") VALUES(");
	for (int i = 0; i < MERGE_COLUMNS; i++)
		snprintf(sql + strlen(sql), sizeof(sql) - strlen(sql), "?%s", i + 1 < MERGE_COLUMNS ? "," : ")");
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return;
	for (int i = 0; i < MERGE_COLUMNS; i++)
		sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_TRANSIENT);
	sqlite3_step(st);
	sqlite3_finalize(st);
	sqlite3_int64 run = sqlite3_last_insert_rowid(db);
	insert_ids(db, "INSERT INTO failures(run, check_id) VALUES(?, ?)", run, row->failing);
	insert_ids(db, "INSERT INTO warnings(run, check_id) VALUES(?, ?)", run, row->warnings);
}

int merge_sqlite_close(void *handle)
{
	sqlite3 *db = handle;
	int r = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
	sqlite3_close(db);
	return r;
}
