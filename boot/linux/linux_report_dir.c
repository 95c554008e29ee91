/*
 * linux_report_dir.c - reports on disk: each file is written to a temporary
 * name, synced, and linked to its final name with link(2), which fails
 * rather than replace an existing report; a power cut leaves either no
 * report or a complete one.
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

/* Writes data to dir/name without replacing anything; returns 0, -1 on error, 1 when the name exists. */
static int publish(const char *dir, const char *name, const struct strbuf *data)
{
	char tmp[PATH_MAX], final[PATH_MAX];
	snprintf(tmp, sizeof(tmp), "%s/.%s.%ld.tmp", dir, name, (long)getpid());
	snprintf(final, sizeof(final), "%s/%s", dir, name);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	int ok = posix_write_all(fd, strbuf_str(data), data->len, 10000) == 0 && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	int r = ok ? link(tmp, final) : -1;
	int link_errno = errno;
	unlink(tmp);
	if (r == 0)
		return 0;
	return ok && link_errno == EEXIST ? 1 : -1;
}

int linux_save_report(const char *dir, const char *serial, long long now, const struct strbuf *text, const struct strbuf *json)
{
	for (int attempt = 1; attempt <= REPORT_NAME_ATTEMPTS; attempt++) {
		char stem[160], name[200];
		report_file_stem(stem, sizeof(stem), serial, now, attempt);
		snprintf(name, sizeof(name), "%s.json", stem);
		int r = publish(dir, name, json);
		if (r == 1)
			continue;
		if (r == 0) {
			snprintf(name, sizeof(name), "%s.txt", stem);
			r = publish(dir, name, text);
		}
		if (r == 0) {
			fprintf(stderr, "preflight: report saved as %s/%s.json and .txt\n", dir, stem);
			return 0;
		}
		fprintf(stderr, "preflight: cannot save the report in %s: %s (the report above is complete)\n", dir,
			strerror(errno));
		return -1;
	}
	fprintf(stderr, "preflight: %s already holds %d reports for this second; not saved\n", dir, REPORT_NAME_ATTEMPTS);
	return -1;
}
