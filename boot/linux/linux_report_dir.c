/*
 * linux_report_dir.c - reports on disk: each file is written to a temporary
 * name and synced. A run's first save links it to a free name with link(2),
 * which fails rather than replace another run's report; its later saves
 * rename(2) over the run's own file, which replaces it in one step. A power
 * cut or a kill leaves the previous whole version or the new one.
 */
#include "linux_report_dir.h"
#include "checks/report/report_files.h"
#include "tpmdrv/posix_io.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Writes data to dir/name: link (replace false: 1 when the name exists) or rename (replace true). 0, or -1. */
static int publish(const char *dir, const char *name, const struct strbuf *data, bool replace)
{
	char tmp[PATH_MAX], final[PATH_MAX];
	snprintf(tmp, sizeof(tmp), "%s/.%s.%ld.tmp", dir, name, (long)getpid());
	snprintf(final, sizeof(final), "%s/%s", dir, name);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	int ok = posix_write_all(fd, strbuf_str(data), data->len, 10000) == 0 && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	if (ok && replace && rename(tmp, final) == 0)
		return 0;
	int r = ok && !replace ? link(tmp, final) : -1;
	int saved_errno = errno;
	unlink(tmp);
	errno = saved_errno;
	if (r == 0)
		return 0;
	return ok && !replace && saved_errno == EEXIST ? 1 : -1;
}

static int claim(struct linux_report_file *file, const char *dir, const char *serial, long long started,
		 const struct strbuf *text, const struct strbuf *json)
{
	for (int attempt = 1; attempt <= REPORT_NAME_ATTEMPTS; attempt++) {
		char stem[sizeof(file->stem)], name[sizeof(file->stem) + 8];
		report_file_stem(stem, sizeof(stem), serial, started, attempt);
		snprintf(name, sizeof(name), "%s.json", stem);
		int r = publish(dir, name, json, false);
		if (r == 1)
			continue;
		if (r != 0)
			return -1;
		snprintf(file->stem, sizeof(file->stem), "%s", stem); /* the name is the run's now */
		snprintf(name, sizeof(name), "%s.txt", stem);
		return publish(dir, name, text, false) == 0 ? 0 : -1;
	}
	errno = EEXIST;
	return -1;
}

static int rewrite(const struct linux_report_file *file, const char *dir, const struct strbuf *text,
		   const struct strbuf *json)
{
	char name[sizeof(file->stem) + 8];
	snprintf(name, sizeof(name), "%s.json", file->stem);
	if (publish(dir, name, json, true) != 0)
		return -1;
	snprintf(name, sizeof(name), "%s.txt", file->stem);
	return publish(dir, name, text, true);
}

int linux_save_report(struct linux_report_file *file, const char *dir, const char *serial, long long started,
		      const struct strbuf *text, const struct strbuf *json, bool final)
{
	int r = file->stem[0] ? rewrite(file, dir, text, json) : claim(file, dir, serial, started, text, json);
	if (!final)
		return r;
	if (r == 0)
		fprintf(stderr, "preflight: report saved as %s/%s.json and .txt\n", dir, file->stem);
	else if (errno == EEXIST)
		fprintf(stderr, "preflight: %s already holds %d reports for this second; not saved\n", dir, REPORT_NAME_ATTEMPTS);
	else
		fprintf(stderr, "preflight: cannot save the report in %s: %s (the report above is complete)\n", dir,
			strerror(errno));
	return r;
}
