/* linux_files.c - whole-file reads with a cap, so a wrong path or a huge file gives a message, not a crash. */
#include "linux_files.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int read_file_capped(const char *path, size_t max, uint8_t **data, size_t *len, char *why, size_t why_len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(why, why_len, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	uint8_t *buf = malloc(max + 1);
	size_t n = buf ? fread(buf, 1, max + 1, f) : 0;
	int failed = !buf || ferror(f);
	fclose(f);
	if (failed || n > max) {
		snprintf(why, why_len, failed ? "cannot read %s" : "%s is larger than %zu bytes", path, max);
		free(buf);
		return -1;
	}
	*data = buf;
	*len = n;
	return 0;
}
