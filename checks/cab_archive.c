/*
 * cab_archive.c - libmspack over memory. libmspack asks its mspack_system to
 * open files by name; the names we hand it are "mem:N", an index into a small
 * table of memory files: the input CAB (read-only) and one output buffer per
 * extracted file, bounded by the caps in cab_archive.h.
 */
#include "cab_archive.h"
#include <mspack.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

/* libmspack's struct mspack_file is opaque to it; ours is cast to and from it. */
struct memory_file {
	const uint8_t *in; /* the CAB, when reading */
	uint8_t *out;      /* an extracted file, when writing */
	size_t len, cap, pos;
};

struct memory_system {
	struct mspack_system base; /* must be first: libmspack hands it back to us */
	const uint8_t *cab;
	size_t cab_len;
	struct memory_file *output; /* the file being extracted */
	size_t output_cap;
	int failed_cap;
};

static struct mspack_file *mem_open(struct mspack_system *self, const char *name, int mode)
{
	struct memory_system *sys = (struct memory_system *)self;
	struct memory_file *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	if (mode == MSPACK_SYS_OPEN_READ && strcmp(name, "mem:cab") == 0) {
		f->in = sys->cab;
		f->len = sys->cab_len;
	} else if (mode == MSPACK_SYS_OPEN_WRITE && strcmp(name, "mem:out") == 0) {
		f->cap = sys->output_cap;
		sys->output = f;
	} else {
		free(f);
		return NULL;
	}
	return (struct mspack_file *)f;
}

static void mem_close(struct mspack_file *file)
{
	struct memory_file *f = (struct memory_file *)file;
	if (f->in)
		free(f); /* output files stay alive: extract_one takes their buffer over */
}

static int mem_read(struct mspack_file *file, void *buf, int bytes)
{
	struct memory_file *f = (struct memory_file *)file;
	if (!f->in || bytes < 0)
		return -1;
	size_t n = f->len - f->pos < (size_t)bytes ? f->len - f->pos : (size_t)bytes;
	memcpy(buf, f->in + f->pos, n);
	f->pos += n;
	return (int)n;
}

static int mem_write(struct mspack_file *file, void *buf, int bytes)
{
	struct memory_file *f = (struct memory_file *)file;
	if (f->in || bytes < 0 || f->len + (size_t)bytes > f->cap)
		return -1;
	uint8_t *grown = realloc(f->out, f->len + (size_t)bytes + 1);
	if (!grown)
		return -1;
	f->out = grown;
	memcpy(f->out + f->len, buf, (size_t)bytes);
	f->len += (size_t)bytes;
	return bytes;
}

static int mem_seek(struct mspack_file *file, off_t offset, int mode)
{
	struct memory_file *f = (struct memory_file *)file;
	long long base = mode == MSPACK_SYS_SEEK_START ? 0 : mode == MSPACK_SYS_SEEK_CUR ? (long long)f->pos : (long long)f->len;
	long long to = base + (long long)offset;
	if (to < 0 || to > (long long)f->len)
		return -1;
	f->pos = (size_t)to;
	return 0;
}

static off_t mem_tell(struct mspack_file *file)
{
	struct memory_file *f = (struct memory_file *)file;
	return (off_t)f->pos;
}

static void mem_message(struct mspack_file *f, const char *format, ...)
{
	(void)f;
	(void)format; /* libmspack's warnings; the caller reports failures itself */
}

static void *mem_alloc(struct mspack_system *self, size_t bytes)
{
	(void)self;
	return malloc(bytes);
}

static void mem_copy(void *src, void *dest, size_t bytes)
{
	memmove(dest, src, bytes);
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

/* Extracts one file into entry; returns 0 or a reason. */
static const char *extract_one(struct mscab_decompressor *cabd, struct memory_system *sys, struct mscabd_file *file,
			       struct cab_entry *entry, size_t total)
{
	if (file->length > CAB_FILE_SIZE_MAX || total + file->length > CAB_TOTAL_SIZE_MAX)
		return "a file in it is larger than the limits (4 MiB each, 64 MiB in all)";
	sys->output = NULL;
	sys->output_cap = file->length;
	int err = cabd->extract(cabd, file, "mem:out");
	struct memory_file *out = sys->output;
	if (err != MSPACK_ERR_OK || !out || out->len != file->length) {
		if (out)
			free(out->out);
		free(out);
		return err == MSPACK_ERR_CHECKSUM ? "a data block fails its checksum"
		       : err == MSPACK_ERR_DECRUNCH ? "a data block does not decompress" : "a file could not be extracted";
	}
	entry->name = strdup(file->filename);
	entry->data = out->out ? out->out : calloc(1, 1);
	entry->len = out->len;
	free(out);
	if (!entry->name || !entry->data)
		return "out of memory";
	normalise(entry->name);
	return NULL;
}

static const char *extract_all(struct mscab_decompressor *cabd, struct memory_system *sys, struct mscabd_cabinet *cab,
			       struct cab_archive *out)
{
	size_t count = 0;
	for (struct mscabd_file *f = cab->files; f; f = f->next)
		if (++count > CAB_FILES_MAX)
			return "it holds more than 10000 files";
	out->entries = calloc(count ? count : 1, sizeof(*out->entries));
	if (!out->entries)
		return "out of memory";
	for (struct mscabd_file *f = cab->files; f; f = f->next) {
		const char *why = extract_one(cabd, sys, f, &out->entries[out->count], out->total);
		out->total += out->entries[out->count++].len; /* counted even when partial, so cab_free frees it */
		if (why)
			return why;
	}
	return NULL;
}

int cab_extract(const uint8_t *data, size_t len, struct cab_archive *out, char *why, size_t why_len)
{
	struct memory_system sys = {
		.base = { mem_open, mem_close, mem_read, mem_write, mem_seek, mem_tell, mem_message, mem_alloc, free,
			  mem_copy, NULL },
		.cab = data,
		.cab_len = len,
	};
	memset(out, 0, sizeof(*out));
	struct mscab_decompressor *cabd = mspack_create_cab_decompressor(&sys.base);
	if (!cabd) {
		snprintf(why, why_len, "the CAB decompressor could not start");
		return -1;
	}
	struct mscabd_cabinet *cab = cabd->open(cabd, "mem:cab");
	const char *problem = NULL;
	if (!cab)
		problem = cabd->last_error(cabd) == MSPACK_ERR_SIGNATURE ? "it is not a CAB file (no MSCF signature)"
									   : "its CAB header is damaged";
	else if (cab->next || cab->prevcab || cab->nextcab)
		problem = "it is one part of a multi-part CAB set";
	else
		problem = extract_all(cabd, &sys, cab, out);
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
	for (size_t i = 0; i < a->count; i++) {
		free(a->entries[i].name);
		free(a->entries[i].data);
	}
	free(a->entries);
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
