/*
 * cab_archive.h - a Microsoft CAB file extracted in memory with libmspack
 * (MS-CAB format, [MS-CAB]), with caps on the number of files and on the
 * total extracted size: a CAB comes from a stick or the network.
 */
#ifndef PREFLIGHT_CAB_ARCHIVE_H
#define PREFLIGHT_CAB_ARCHIVE_H
#include <stddef.h>
#include <stdint.h>

enum {
	CAB_FILES_MAX = 10000,
	CAB_FILE_SIZE_MAX = 4 * 1024 * 1024,
	CAB_TOTAL_SIZE_MAX = 64 * 1024 * 1024,
};

struct cab_entry {
	char *name;     /* as stored, with '\' turned into '/' */
	uint8_t *data;
	size_t len;
};

struct cab_archive {
	struct cab_entry *entries;
	size_t count;
	size_t total;
};

/* Extracts every file; returns 0, or -1 with a reason in `why` (and nothing allocated). */
int cab_extract(const uint8_t *cab, size_t len, struct cab_archive *out, char *why, size_t why_len);
void cab_free(struct cab_archive *a);
/* Finds a file by path, ASCII case-insensitive, '/' or '\' separators. */
const struct cab_entry *cab_find(const struct cab_archive *a, const char *path);

#endif
