/* cab_replace_posix.c - the Linux command saves a newer TrustedTpm.cab in place of the one given with --trust:
 * written to a temporary file, the old one linked to PATH-YYYY-MM-DD.cab, then renamed over. */
#include "cab_replace_posix.h"
#include "tpmdrv/posix_io.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int cab_replace_posix(void *ctx, const char *new_date, const char *old_date, const uint8_t *data, size_t len,
		      char *where, size_t where_len)
{
	const char *path = ctx;
	char tmp[PATH_MAX], kept[PATH_MAX] = "";
	snprintf(tmp, sizeof(tmp), "%s.download", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	bool ok = fd >= 0 && posix_write_all(fd, data, len, 30000) == 0 && fsync(fd) == 0;
	ok = fd >= 0 && close(fd) == 0 && ok;
	if (ok && strcmp(old_date, "none") != 0) {
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
