/* commands.c - helpers the subcommands share. */
#include "commands.h"
#include "linux_files.h"
#include <stdio.h>
#include <stdlib.h>

int usage_error(const char *synopsis)
{
	fprintf(stderr, "usage: preflight %s\n", synopsis);
	return EXIT_CANNOT_RUN;
}

int open_trust_file(const char *path, struct trust_store *t)
{
	uint8_t *data;
	size_t len;
	char why[200];
	if (read_file_capped(path, TRUST_FILE_MAX, &data, &len, why, sizeof(why)) != 0) {
		fprintf(stderr, "preflight: %s\n", why);
		return -1;
	}
	int r = trust_store_open(t, data, len, why, sizeof(why));
	free(data);
	if (r != 0)
		fprintf(stderr, "preflight: %s is not a usable TrustedTpm.cab: %s\n", path, why);
	return r;
}
