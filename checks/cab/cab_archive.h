/*
 * cab_archive.h - a Microsoft CAB file extracted in memory with libmspack
 * (MS-CAB format, [MS-CAB]), with caps on the number of files, on the
 * extracted size and on the decompression work: a CAB comes from a stick or
 * the network. Each folder (one compressed stream) is decompressed once, from
 * its start to the end of its last file, and its files are slices of it; the
 * bytes decompressed in all folders, gaps and overlaps included, are within
 * CAB_TOTAL_SIZE_MAX.
 */
#ifndef PREFLIGHT_CAB_ARCHIVE_H
#define PREFLIGHT_CAB_ARCHIVE_H
#include <stddef.h>
#include <stdint.h>

enum {
	CAB_FILES_MAX = 10000,
	CAB_FILE_SIZE_MAX = 4 * 1024 * 1024,
	CAB_TOTAL_SIZE_MAX = 64 * 1024 * 1024,
	/* [MS-CAB] 2.6 CFDATA: a data block holds at most 32 KiB (0x8000 bytes) of uncompressed data */
	CAB_BLOCK_MAX = 32768,
};

struct cab_entry {
	char *name;     /* as stored, with '\' turned into '/' */
	uint8_t *data;  /* points into its folder's data */
	size_t len;
};

struct cab_archive {
	struct cab_entry *entries;
	size_t count;
	size_t total;   /* bytes of all files */
	uint8_t **folder_data; /* each folder decompressed, owned here */
	size_t folders;
	size_t decompressed;   /* bytes of all folders: the work done */
};

/* Extracts every file; returns 0, or -1 with a reason in `why` (and nothing allocated). */
int cab_extract(const uint8_t *cab, size_t len, struct cab_archive *out, char *why, size_t why_len);
void cab_free(struct cab_archive *a);
/* Finds a file by path, ASCII case-insensitive, '/' or '\' separators. */
const struct cab_entry *cab_find(const struct cab_archive *a, const char *path);

#endif
