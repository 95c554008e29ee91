/*
 * cmd_report_merge.c - `preflight report merge DIR... [--csv FILE]
 * [--latest-csv FILE] [--sqlite FILE]`: every run in the report JSON files
 * of the directories becomes one row (two saves of one run: one row); a
 * summary by verdict, check and model, then each unit by its latest run,
 * follows (merge_summary.c). A bad or partial file is
 * named and skipped; it never stops the merge.
 */
#include "commands.h"
#include "linux_files.h"
#include "merge_output.h"
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REPORT_FILE_MAX = 4 * 1024 * 1024 };

/* A file name can hold terminal controls too: the line shows it cleaned. */
static void skipped(const char *path, const char *why)
{
	char clean_path[4096], clean_why[200];
	merge_text_clean(clean_path, sizeof(clean_path), path);
	merge_text_clean(clean_why, sizeof(clean_why), why);
	fprintf(stderr, "SKIPPED  %s: %s\n", clean_path, clean_why);
}

static int read_row(const char *path, struct merge_row *row)
{
	uint8_t *data;
	size_t len;
	char why[200];
	struct json_doc doc;
	if (read_file_capped(path, REPORT_FILE_MAX, &data, &len, why, sizeof(why)) != 0) {
		skipped(path, why);
		return -1;
	}
	int r = json_parse((const char *)data, len, &doc, why, sizeof(why));
	free(data);
	if (r == 0) {
		r = merge_row_from_report(&doc, path, row, why, sizeof(why));
		json_doc_free(&doc);
	}
	if (r != 0)
		skipped(path, why);
	return r;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n > t && strcmp(s + n - t, tail) == 0;
}

/* The report files in dir, sorted so the output is stable: every *.json, and a *.json.tmp whose *.json is missing
 * (the UEFI application removes the old file before renaming the new one: a reset between the two leaves the whole
 * report under the .tmp name). As many as the directory holds; NULL when memory runs out. */
static char **report_names(DIR *d, size_t *count)
{
	char **names = NULL;
	size_t n = 0, cap = 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (!ends_with(e->d_name, ".json") && !ends_with(e->d_name, ".json.tmp"))
			continue;
		if (n == cap) {
			char **more = realloc(names, (cap = cap ? cap * 2 : 256) * sizeof(*names));
			if (!more)
				goto no_memory;
			names = more;
		}
		if (!(names[n] = strdup(e->d_name)))
			goto no_memory;
		n++;
	}
	if (!names && !(names = malloc(sizeof(*names)))) /* an empty directory is a list, not a failure */
		return NULL;
	qsort(names, n, sizeof(names[0]), by_name);
	*count = n;
	return names;
no_memory:
	while (n)
		free(names[--n]);
	free(names);
	return NULL;
}

/* A .json.tmp whose .json is also there is a save that a later one completed. */
static bool superseded(char **names, size_t n, const char *name)
{
	if (!ends_with(name, ".tmp"))
		return false;
	char final[512];
	snprintf(final, sizeof(final), "%.*s", (int)(strlen(name) - 4), name);
	const char *key = final;
	return bsearch(&key, names, n, sizeof(names[0]), by_name) != NULL;
}

/* Adds the rows of every report file in dir. */
static void merge_dir(const char *dir, struct merge_output *out)
{
	DIR *d = opendir(dir);
	if (!d) {
		skipped(dir, "cannot open the directory");
		out->skipped++;
		return;
	}
	size_t n = 0;
	char **names = report_names(d, &n);
	closedir(d);
	if (!names) {
		skipped(dir, "out of memory listing the directory");
		out->skipped++;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		struct merge_row row;
		if (superseded(names, n, names[i]))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (read_row(path, &row) != 0)
			out->skipped++;
		else if (merge_output_add(out, &row) != 0) {
			skipped(path, "out of memory");
			out->skipped++;
		}
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int cmd_report_merge(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "csv", required_argument, NULL, 'c' }, { "sqlite", required_argument, NULL, 's' },
		{ "latest-csv", required_argument, NULL, 'l' }, { NULL, 0, NULL, 0 },
	};
	const char *csv = NULL, *sqlite = NULL, *latest = NULL;
	const char *use = "report merge DIR... [--csv FILE] [--latest-csv FILE] [--sqlite FILE]";
	int c;
	if (argc < 2 || strcmp(argv[1], "merge") != 0)
		return usage_error(use);
	argc--, argv++;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'c')
			csv = optarg;
		else if (c == 's')
			sqlite = optarg;
		else if (c == 'l')
			latest = optarg;
		else
			return usage_error(use);
	}
	if (optind >= argc)
		return usage_error(use);
	struct merge_output out;
	if (merge_output_open(&out, csv, latest, sqlite) != 0)
		return EXIT_CANNOT_RUN;
	for (int i = optind; i < argc; i++)
		merge_dir(argv[i], &out);
	return merge_output_close(&out) == 0 ? EXIT_READY : EXIT_CANNOT_RUN;
}
