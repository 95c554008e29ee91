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

int open_trust_file(const char *path, struct trust_store *t, char *why, size_t why_len)
{
	uint8_t *data;
	size_t len;
	char reason[200], message[300];
	int r = read_file_capped(path, TRUST_FILE_MAX, &data, &len, reason, sizeof(reason));
	if (r == 0) {
		r = trust_store_open(t, data, len, reason, sizeof(reason));
		free(data);
		snprintf(message, sizeof(message), "%s is not a usable TrustedTpm.cab: %s", path, reason);
	} else {
		snprintf(message, sizeof(message), "%s", reason);
	}
	if (r != 0 && why)
		snprintf(why, why_len, "%s", message);
	else if (r != 0)
		fprintf(stderr, "preflight: %s\n", message);
	return r;
}
