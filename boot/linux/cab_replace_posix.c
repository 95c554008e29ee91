/* cab_replace_posix.c - the Linux command saves a newer TrustedTpm.cab in place of the one given with --trust:
 * written to a new temporary file of a unique name beside it, the old one linked to PATH-YYYY-MM-DD.cab, then
 * renamed over. The temporary file is created by mkostemp (O_CREAT|O_EXCL, so never through a symbolic link and
 * never into a file someone left or planted there; POSIX mkstemp), and removed when anything fails. */
#include "cab_replace_posix.h"
#include "tpmdrv/posix_io.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Writes data to a new file PATH.download.XXXXXX (tmp receives its name); 0, or -1 with errno set. */
static int write_new_temp(const char *path, const uint8_t *data, size_t len, char *tmp, size_t tmp_len)
{
	if ((size_t)snprintf(tmp, tmp_len, "%s.download.XXXXXX", path) >= tmp_len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -1;
	/* mkstemp creates the file 0600; the cab is public data, readable like the one it replaces */
	bool ok = fchmod(fd, 0644) == 0 && posix_write_all(fd, data, len, 30000) == 0 && fsync(fd) == 0;
	int saved = errno;
	ok = close(fd) == 0 && ok;
	if (!ok) {
		unlink(tmp);
		errno = saved ? saved : EIO;
		return -1;
	}
	return 0;
}

int cab_replace_posix(void *ctx, const char *new_date, const char *old_date, const uint8_t *data, size_t len,
		      char *where, size_t where_len)
{
	const char *path = ctx;
	char tmp[PATH_MAX], kept[PATH_MAX] = "";
	if (write_new_temp(path, data, len, tmp, sizeof(tmp)) != 0) {
		snprintf(where, where_len, "%s could not be replaced (writing the new file beside it failed: %s)", path,
			 strerror(errno));
		return -1;
	}
	bool ok = true;
	if (strcmp(old_date, "none") != 0) {
		size_t stem = strlen(path) > 4 && !strcmp(path + strlen(path) - 4, ".cab") ? strlen(path) - 4 : strlen(path);
		snprintf(kept, sizeof(kept), "%.*s-%s.cab", (int)stem, path, old_date);
		if (link(path, kept) != 0 && errno != EEXIST)
			ok = false;
	}
	if (!ok || rename(tmp, path) != 0) {
		snprintf(where, where_len, "%s could not be replaced: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	snprintf(where, where_len, "the old one is kept as %s", kept[0] ? kept : "(none)");
	return 0;
}
