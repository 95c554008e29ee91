/* upload_header_file.c - see upload_header_file.h. */
#include "upload_header_file.h"
#include "linux_files.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { HEADER_FILE_MAX = 64 * 1024 };

struct line_context {
	const char *path;
	unsigned line;
	config_problem_fn problem;
	void *ctx;
};

/* config_set_upload's complaint, with the file and the line number in front. */
static void line_problem(void *arg, const char *message)
{
	const struct line_context *l = arg;
	config_problem(l->problem, l->ctx, "--upload-header-file %s line %u: %s", l->path, l->line, message);
}

/* One line without its end and surrounding blanks; 0 when skipped or taken, -1 when refused. */
static int take_line(struct config *c, char *line, struct line_context *l)
{
	size_t n = strlen(line);
	while (n && strchr(" \t\r", line[n - 1]))
		line[--n] = 0;
	line += strspn(line, " \t");
	if (!*line || *line == '#')
		return 0;
	return config_set_upload(c, "upload_header", line, line_problem, l) == 0 ? 0 : -1;
}

static void warn_if_shared(const char *path, config_problem_fn problem, void *ctx)
{
	struct stat st;
	if (stat(path, &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)))
		config_problem(problem, ctx, "--upload-header-file %s can be read by other users; chmod 600 it", path);
}

int upload_header_file(struct config *c, const char *path, config_problem_fn problem, void *ctx)
{
	uint8_t *data;
	size_t len;
	char why[300];
	if (read_file_capped(path, HEADER_FILE_MAX, &data, &len, why, sizeof(why)) != 0) {
		config_problem(problem, ctx, "--upload-header-file: %s", why);
		return -1;
	}
	warn_if_shared(path, problem, ctx);
	data[len] = 0; /* read_file_capped leaves room for it */
	struct line_context l = { path, 0, problem, ctx };
	int rc = memchr(data, 0, len) ? config_problem(problem, ctx, "--upload-header-file %s is not text", path) : 0;
	for (char *line = (char *)data, *next; rc == 0 && line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		l.line++;
		rc = take_line(c, line, &l);
	}
	free(data);
	return rc;
}
