/*
 * cab_archive.c - see cab_archive.h. libmspack restarts a folder from its
 * first block for every file that lies before the point it has reached, so
 * asking it for each file in turn costs up to (files x folder size); a folder
 * may declare 65535 blocks of 32 KiB. Instead the files are grouped by folder,
 * each folder is asked for once as a single stretch from offset 0 to the end
 * of its last file, and the stretches are budgeted before any decompression.
 */
#include "checks/cab/cab_archive.h"
#include "checks/cab/cab_memory.h"
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct listed_file {
	struct mscabd_file *file;
	size_t index; /* its place in the CAB's file list, kept in the archive */
};

static int by_folder(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct listed_file *)a)->file->folder;
	uintptr_t y = (uintptr_t)((const struct listed_file *)b)->file->folder;
	return x < y ? -1 : x > y;
}

/* '\\' becomes '/'; anything but printable ASCII becomes '?': entry names reach evidence, the screen and the
 * serial console, where a line break or an escape sequence from a crafted cab could forge lines. (Names are
 * Latin-1 or UTF-8, [MS-CAB] 2.3 _A_NAME_IS_UTF; the TrustedTpm.cab names are ASCII.) */
static void normalise(char *name)
{
	for (char *p = name; *p; p++)
		if (*p == '\\')
			*p = '/';
		else if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			*p = '?';
}

static const char *extract_failure(int err)
{
	return err == MSPACK_ERR_CHECKSUM ? "a data block fails its checksum"
	       : err == MSPACK_ERR_DECRUNCH ? "a data block does not decompress"
					    : "a file could not be extracted";
}

/* Decompresses the first span bytes of a folder into a new buffer (*data, at least 1 byte). */
static const char *decompress_folder(struct mscab_decompressor *cabd, struct cab_memory_system *sys,
				     struct mscabd_folder *folder, size_t span, uint8_t **data)
{
	struct mscabd_file stretch = { .filename = "(folder)", .length = (unsigned)span, .folder = folder };
	sys->output = NULL;
	sys->output_cap = span;
	int err = cabd->extract(cabd, &stretch, "mem:out");
	struct cab_memory_output *out = sys->output;
	bool complete = err == MSPACK_ERR_OK && out && out->len == span;
	*data = out && out->data ? out->data : out ? calloc(1, 1) : NULL;
	free(out);
	if (complete && *data)
		return NULL;
	free(*data);
	*data = NULL;
	return complete ? "out of memory" : extract_failure(err);
}

/*
 * [MS-CAB] 2.2 CFFOLDER typeCompress: the method in bits 0-3, its window size (log2) in bits 8-12. TrustedTpm.cab
 * is MSZIP; stored folders and LZX with a 2^15..2^21 window (tcompLZX_WINDOW_LO..HI) are accepted
 * too. Quantum, unknown methods and LZX windows out of range are refused before libmspack sees them: its Quantum
 * and LZX decoders compute 1 << window_bits before checking the range, undefined behaviour for a 5-bit field of 31
 * (found by fuzz_cab).
 */
static bool compression_supported(int type)
{
	int method = MSCABD_COMP_METHOD(type), window = MSCABD_COMP_LEVEL(type);
	return method == MSCAB_COMP_NONE || method == MSCAB_COMP_MSZIP ||
	       (method == MSCAB_COMP_LZX && window >= 15 && window <= 21);
}

/* The files of one folder (group[0..n)): decompressed once, within the work budget, and sliced. */
static const char *extract_folder(struct mscab_decompressor *cabd, struct cab_memory_system *sys,
				  const struct listed_file *group, size_t n, struct cab_archive *out, char *why, size_t why_len)
{
	struct mscabd_folder *folder = group[0].file->folder;
	if (!folder)
		return "a file in it belongs to no folder";
	if (!compression_supported(folder->comp_type)) {
		snprintf(why, why_len, "a folder in it uses compression type 0x%04x (only stored, MSZIP and LZX are read)",
			 (unsigned)folder->comp_type & 0x1F0F);
		return why;
	}
	if (folder->num_blocks > CAB_TOTAL_SIZE_MAX / CAB_BLOCK_MAX) {
		snprintf(why, why_len, "a folder in it declares %u data blocks (up to %u MiB to decompress), more than the "
			 "64 MiB limit", folder->num_blocks, folder->num_blocks / 32);
		return why;
	}
	size_t span = 0;
	for (size_t i = 0; i < n; i++) {
		size_t end = (size_t)group[i].file->offset + group[i].file->length;
		span = end > span ? end : span;
	}
	if (span > CAB_TOTAL_SIZE_MAX - out->decompressed)
		return "decompressing its folders would take more than 64 MiB";
	uint8_t *data;
	const char *problem = decompress_folder(cabd, sys, folder, span, &data);
	if (problem)
		return problem;
	out->folder_data[out->folders++] = data;
	out->decompressed += span;
	for (size_t i = 0; i < n; i++) {
		struct cab_entry *e = &out->entries[group[i].index];
		e->data = data + group[i].file->offset;
		e->len = group[i].file->length;
		out->total += e->len;
	}
	return NULL;
}

/* Lists the files, checking the caps that need no decompression; names are copied in list order. */
static const char *list_files(struct mscabd_cabinet *cab, struct cab_archive *out, struct listed_file **listed)
{
	size_t count = 0, total = 0;
	for (struct mscabd_file *f = cab->files; f; f = f->next) {
		if (++count > CAB_FILES_MAX)
			return "it holds more than 10000 files";
		total += f->length;
		if (f->length > CAB_FILE_SIZE_MAX || total > CAB_TOTAL_SIZE_MAX)
			return "a file in it is larger than the limits (4 MiB each, 64 MiB in all)";
	}
	out->entries = calloc(count ? count : 1, sizeof(*out->entries));
	out->folder_data = calloc(count ? count : 1, sizeof(*out->folder_data)); /* at most one folder per file */
	*listed = calloc(count ? count : 1, sizeof(**listed));
	if (!out->entries || !out->folder_data || !*listed)
		return "out of memory";
	for (struct mscabd_file *f = cab->files; f; f = f->next, out->count++) {
		(*listed)[out->count] = (struct listed_file){ f, out->count };
		if (!(out->entries[out->count].name = strdup(f->filename)))
			return "out of memory";
		normalise(out->entries[out->count].name);
	}
	return NULL;
}

static const char *extract_all(struct mscab_decompressor *cabd, struct cab_memory_system *sys,
			       struct mscabd_cabinet *cab, struct cab_archive *out, char *why, size_t why_len)
{
	struct listed_file *listed = NULL;
	const char *problem = list_files(cab, out, &listed);
	if (!problem)
		qsort(listed, out->count, sizeof(*listed), by_folder);
	for (size_t first = 0, next; !problem && first < out->count; first = next) {
		for (next = first + 1; next < out->count && listed[next].file->folder == listed[first].file->folder;)
			next++;
		problem = extract_folder(cabd, sys, listed + first, next - first, out, why, why_len);
	}
	free(listed);
	return problem;
}

int cab_extract(const uint8_t *data, size_t len, struct cab_archive *out, char *why, size_t why_len)
{
	struct cab_memory_system sys;
	cab_memory_init(&sys, data, len);
	memset(out, 0, sizeof(*out));
	struct mscab_decompressor *cabd = mspack_create_cab_decompressor(&sys.base);
	if (!cabd) {
		snprintf(why, why_len, "the CAB decompressor could not start");
		return -1;
	}
	struct mscabd_cabinet *cab = cabd->open(cabd, "mem:cab");
	const char *problem = NULL;
	char detail[160];
	if (!cab)
		problem = cabd->last_error(cabd) == MSPACK_ERR_SIGNATURE ? "it is not a CAB file (no MSCF signature)"
									   : "its CAB header is damaged";
	else if (cab->next || cab->prevcab || cab->nextcab)
		problem = "it is one part of a multi-part CAB set";
	else
		problem = extract_all(cabd, &sys, cab, out, detail, sizeof(detail));
	if (cab)
		cabd->close(cabd, cab);
	mspack_destroy_cab_decompressor(cabd);
	if (problem) {
		snprintf(why, why_len, "%s", problem);
		cab_free(out);
		return -1;
	}
	return 0;
}

void cab_free(struct cab_archive *a)
{
	for (size_t i = 0; i < a->count; i++)
		free(a->entries[i].name);
	for (size_t i = 0; i < a->folders; i++)
		free(a->folder_data[i]);
	free(a->entries);
	free(a->folder_data);
	memset(a, 0, sizeof(*a));
}

const struct cab_entry *cab_find(const struct cab_archive *a, const char *path)
{
	for (size_t i = 0; i < a->count; i++) {
		const char *x = a->entries[i].name, *y = path;
		for (; *x && *y; x++, y++) {
			int cx = *x == '\\' ? '/' : tolower((unsigned char)*x), cy = *y == '\\' ? '/' : tolower((unsigned char)*y);
			if (cx != cy)
				break;
		}
		if (!*x && !*y)
			return &a->entries[i];
	}
	return NULL;
}
