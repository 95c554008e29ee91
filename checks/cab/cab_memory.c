/*
 * cab_memory.c - see cab_memory.h. libmspack's struct mspack_file is opaque to
 * it; ours is cast to and from it.
 */
#include "checks/cab/cab_memory.h"
#include <stdlib.h>
#include <string.h>

struct memory_file {
	const uint8_t *in;                 /* the CAB, when reading */
	struct cab_memory_output *out;     /* the extraction, when writing */
	size_t len, pos;                   /* reading */
};

static struct mspack_file *mem_open(struct mspack_system *self, const char *name, int mode)
{
	struct cab_memory_system *sys = (struct cab_memory_system *)self;
	struct memory_file *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	if (mode == MSPACK_SYS_OPEN_READ && strcmp(name, "mem:cab") == 0) {
		f->in = sys->cab;
		f->len = sys->cab_len;
	} else if (mode == MSPACK_SYS_OPEN_WRITE && strcmp(name, "mem:out") == 0 && (f->out = calloc(1, sizeof(*f->out)))) {
		f->out->cap = sys->output_cap;
		sys->output = f->out;
	} else {
		free(f);
		return NULL;
	}
	return (struct mspack_file *)f;
}

static void mem_close(struct mspack_file *file)
{
	free(file); /* an output's buffer stays with sys->output */
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

/* Grows by doubling (never past the cap), so a large output costs linear copying. */
static int mem_write(struct mspack_file *file, void *buf, int bytes)
{
	struct memory_file *f = (struct memory_file *)file;
	struct cab_memory_output *o = f->out;
	if (!o || bytes < 0 || (size_t)bytes > o->cap - o->len)
		return -1;
	if (bytes == 0) /* libmspack writes empty blocks; nothing may be copied to a buffer not yet made (C11 7.24.1) */
		return 0;
	if (o->len + (size_t)bytes > o->allocated) {
		size_t want = o->allocated ? o->allocated : 65536;
		while (want < o->len + (size_t)bytes)
			want *= 2;
		want = want > o->cap ? o->cap : want;
		uint8_t *grown = realloc(o->data, want);
		if (!grown)
			return -1;
		o->data = grown;
		o->allocated = want;
	}
	memcpy(o->data + o->len, buf, (size_t)bytes);
	o->len += (size_t)bytes;
	return bytes;
}

static int mem_seek(struct mspack_file *file, off_t offset, int mode)
{
	struct memory_file *f = (struct memory_file *)file;
	if (!f->in)
		return -1;
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
	return (off_t)(f->in ? f->pos : f->out->len);
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

void cab_memory_init(struct cab_memory_system *sys, const uint8_t *cab, size_t len)
{
	memset(sys, 0, sizeof(*sys));
	sys->base = (struct mspack_system){ mem_open, mem_close, mem_read, mem_write, mem_seek, mem_tell, mem_message,
					    mem_alloc, free, mem_copy, NULL };
	sys->cab = cab;
	sys->cab_len = len;
}
