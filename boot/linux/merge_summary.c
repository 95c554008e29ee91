/* merge_summary.c - see merge_summary.h. */
#include "merge_summary.h"
#include <stdlib.h>
#include <string.h>

enum { SUMMARY_KEYS_MAX = 512 };

struct tally {
	size_t count;
	char key[SUMMARY_KEYS_MAX][96];
	size_t value[SUMMARY_KEYS_MAX], not_ready[SUMMARY_KEYS_MAX];
};

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

static void count_ids(struct tally *t, const char *list)
{
	char ids[sizeof(((struct merge_row *)0)->failing)];
	snprintf(ids, sizeof(ids), "%s", list);
	for (char *save, *id = strtok_r(ids, " ", &save); id; id = strtok_r(NULL, " ", &save))
		count(t, id, true);
}

static void print_runs(const struct merge_output *o, FILE *to)
{
	struct tally *verdicts = calloc(4, sizeof(struct tally));
	if (!verdicts)
		return;
	struct tally *failing = verdicts + 1, *warning = verdicts + 2, *models = verdicts + 3;
	for (size_t i = 0; i < o->count; i++) {
		const struct merge_row *r = &o->rows[i];
		char model[160];
		bool not_ready = strcmp(r->verdict, "NOT READY") == 0;
		count(verdicts, r->verdict, not_ready);
		count_ids(failing, r->failing);
		count_ids(warning, r->warnings);
		snprintf(model, sizeof(model), "%s %s", r->manufacturer[0] ? r->manufacturer : "unknown maker",
			 r->model[0] ? r->model : "unknown model");
		count(models, model, not_ready);
	}
	for (size_t i = 0; i < verdicts->count; i++)
		fprintf(to, "VERDICT  %s: %zu\n", verdicts->key[i], verdicts->value[i]);
	for (size_t i = 0; i < failing->count; i++)
		fprintf(to, "FAILING  %s: %zu run(s)\n", failing->key[i], failing->value[i]);
	for (size_t i = 0; i < warning->count; i++)
		fprintf(to, "WARNING  %s: %zu run(s)\n", warning->key[i], warning->value[i]);
	for (size_t i = 0; i < models->count; i++)
		fprintf(to, "MODEL    %s: %zu run(s), %zu not ready\n", models->key[i], models->value[i], models->not_ready[i]);
	free(verdicts);
}

/* The line's question: which units are not ready now (their latest run), and why. */
static void print_units(const struct merge_output *o, FILE *to)
{
	size_t units = 0, ready = 0, warned = 0, incomplete = 0;
	for (size_t i = 0; i < o->count; i++) {
		if (!o->latest[i])
			continue;
		units++;
		ready += strcmp(o->rows[i].verdict, "READY") == 0;
		warned += strcmp(o->rows[i].verdict, "READY WITH WARNINGS") == 0;
		incomplete += strcmp(o->rows[i].verdict, "INCOMPLETE") == 0;
	}
	fprintf(to, "UNITS    %zu by their latest run: %zu ready, %zu ready with warnings, %zu not ready, %zu incomplete\n",
		units, ready, warned, units - ready - warned - incomplete, incomplete);
	for (size_t i = 0; i < o->count; i++) {
		const struct merge_row *r = &o->rows[i];
		if (o->latest[i] && strcmp(r->verdict, "NOT READY") == 0)
			fprintf(to, "UNIT     %s NOT READY (%s): failing %s%s%s\n", r->serial[0] ? r->serial : "(no serial)",
				r->started, r->failing[0] ? r->failing : "-", r->warnings[0] ? "; warnings " : "", r->warnings);
		else if (o->latest[i] && strcmp(r->verdict, "INCOMPLETE") == 0) /* reset, power cut or hang: test it again */
			fprintf(to, "UNIT     %s INCOMPLETE (%s): the run did not finish; last stage %s%s%s\n",
				r->serial[0] ? r->serial : "(no serial)", r->started, r->stage, r->failing[0] ? "; failing so far " : "",
				r->failing);
	}
	for (size_t i = 0; i < o->count; i++)
		if (o->rows[i].serial_flag[0])
			fprintf(to, "SERIAL   %s: serial number %s%s%s%s\n", o->rows[i].file, o->rows[i].serial_flag,
				o->rows[i].serial[0] ? " (\"" : "", o->rows[i].serial, o->rows[i].serial[0] ? "\")" : "");
}

void merge_summary_print(const struct merge_output *o, FILE *to)
{
	fprintf(to, "MERGED   %zu run(s), %zu file(s) skipped, %zu repeated save(s) of a run merged into its row\n", o->count,
		o->skipped, o->updated);
	print_runs(o, to);
	print_units(o, to);
}
