/*
 * fdt_tpm.c - the memory-mapped TPM in a flattened device tree (see tpm_regs_find.h).
 *
 * Devicetree Specification 0.4: the header (5.2) gives the structure block and the strings block; the
 * structure block is a sequence of big-endian tokens (5.4): BEGIN_NODE name, PROP len nameoff value,
 * END_NODE, NOP, END, each aligned to 4 bytes. A node's reg (2.3.6) is read with its parent's
 * #address-cells and #size-cells (2.3.5; defaults 2 and 1), and each bus above it maps child addresses to
 * its own through ranges (2.3.8): no ranges property means no mapping, an empty one the identity.
 */
#include "tpm_regs_find.h"
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define FDT_MAGIC 0xd00dfeedu

enum {
	FDT_BEGIN_NODE = 1, FDT_END_NODE = 2, FDT_PROP = 3, FDT_NOP = 4, FDT_END = 9,
	HEADER_LEN = 40,
	MAX_DEPTH = 16,
	MAX_RANGES = 4,
	MAX_TOKENS = 1 << 20, /* a bound on the walk, whatever the blob says */
};

struct bus_range {
	uint64_t child, parent, size;
};

/* What a node tells its children, and how it maps their addresses. */
struct level {
	uint32_t addr_cells, size_cells;
	bool has_ranges, identity;
	unsigned nranges;
	struct bus_range ranges[MAX_RANGES];
	const uint8_t *ranges_raw; /* read once the parent's cells are known */
	uint32_t ranges_len;
	bool is_tpm;
	const uint8_t *reg;
	uint32_t reg_len;
};

struct walk {
	const uint8_t *blob;
	size_t len;
	uint32_t off, end;                 /* position in and end of the structure block */
	uint32_t strings, strings_len;
	struct level stack[MAX_DEPTH + 1]; /* stack[0]: above the root (the root's cells are its own) */
	int depth;
};

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A number of 1 or 2 cells; more cells than 2 are not an address this driver can use. */
static bool cells(const uint8_t *p, uint32_t n, uint64_t *v)
{
	if (n == 0 || n > 2)
		return false;
	*v = n == 2 ? (uint64_t)be32(p) << 32 | be32(p + 4) : be32(p);
	return true;
}

static const char *prop_name(const struct walk *w, uint32_t nameoff)
{
	if (nameoff >= w->strings_len)
		return NULL;
	const char *s = (const char *)w->blob + w->strings + nameoff;
	return memchr(s, 0, w->strings_len - nameoff) ? s : NULL;
}

static bool compatible_tpm(const uint8_t *v, uint32_t len)
{
	static const char *const names[] = { "tcg,tpm-tis-mmio", "tcg,tpm_tis-mmio" };
	for (uint32_t i = 0; i < len;) { /* a list of NUL-terminated strings */
		const uint8_t *nul = memchr(v + i, 0, len - i);
		uint32_t n = nul ? (uint32_t)(nul - (v + i)) : len - i;
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if (n == strlen(names[k]) && memcmp(v + i, names[k], n) == 0)
				return true;
		i += n + 1;
	}
	return false;
}

static void property(struct walk *w, const char *name, const uint8_t *v, uint32_t len)
{
	struct level *node = &w->stack[w->depth];
	if (strcmp(name, "#address-cells") == 0 && len == 4)
		node->addr_cells = be32(v);
	else if (strcmp(name, "#size-cells") == 0 && len == 4)
		node->size_cells = be32(v);
	else if (strcmp(name, "ranges") == 0) {
		node->has_ranges = true;
		node->ranges_raw = v;
		node->ranges_len = len;
	} else if (strcmp(name, "compatible") == 0)
		node->is_tpm = compatible_tpm(v, len);
	else if (strcmp(name, "reg") == 0) {
		node->reg = v;
		node->reg_len = len;
	}
}

/* A bus's ranges: (child address, parent address, size) triples in its own, its parent's and its own cells. */
static bool read_ranges(struct level *bus, const struct level *parent)
{
	if (!bus->has_ranges)
		return true;
	if (bus->ranges_len == 0) {
		bus->identity = true;
		return true;
	}
	uint32_t ca = bus->addr_cells, pa = parent->addr_cells, sz = bus->size_cells;
	uint32_t entry = 4 * (ca + pa + sz);
	if (ca > 2 || pa > 2 || sz > 2 || !ca || !pa || !sz || bus->ranges_len % entry)
		return false;
	for (uint32_t off = 0; off < bus->ranges_len && bus->nranges < MAX_RANGES; off += entry) {
		struct bus_range *r = &bus->ranges[bus->nranges++];
		const uint8_t *p = bus->ranges_raw + off;
		if (!cells(p, ca, &r->child) || !cells(p + 4 * ca, pa, &r->parent) || !cells(p + 4 * (ca + pa), sz, &r->size))
			return false;
	}
	return true;
}

/* The TPM node (at w->depth) is complete: its reg, translated up to the root. */
static int resolve(struct walk *w, struct tpm_regs_hit *out, const char **why)
{
	const struct level *node = &w->stack[w->depth], *parent = &w->stack[w->depth - 1];
	uint32_t ac = parent->addr_cells, sc = parent->size_cells;
	if (!node->reg || ac == 0 || ac > 2 || sc > 2 || node->reg_len < 4 * (ac + sc)) {
		*why = "the TPM node's reg property is missing or not 1-2 cells wide";
		return -1;
	}
	uint64_t addr, size = 0;
	cells(node->reg, ac, &addr);
	if (sc)
		cells(node->reg + 4 * ac, sc, &size);
	for (int d = w->depth - 1; d >= 2; d--) { /* every bus between the node and the root (stack[1]) */
		struct level *bus = &w->stack[d];
		if (!read_ranges(bus, &w->stack[d - 1])) {
			*why = "a bus above the TPM node has ranges this reader cannot use";
			return -1;
		}
		if (!bus->has_ranges) {
			*why = "a bus above the TPM node has no ranges: its addresses are not CPU addresses";
			return -1;
		}
		if (bus->identity)
			continue;
		unsigned i = 0;
		while (i < bus->nranges && !(addr >= bus->ranges[i].child && addr - bus->ranges[i].child < bus->ranges[i].size))
			i++;
		if (i == bus->nranges) {
			*why = "the TPM's address lies outside its bus's ranges";
			return -1;
		}
		addr = addr - bus->ranges[i].child + bus->ranges[i].parent;
	}
	out->base = addr;
	out->size = size;
	snprintf(out->what, sizeof(out->what), "device tree tcg,tpm-tis-mmio");
	return 0;
}

static bool header(struct walk *w, const char **why)
{
	if (w->len < HEADER_LEN || be32(w->blob) != FDT_MAGIC) {
		*why = "no device tree header";
		return false;
	}
	uint32_t total = be32(w->blob + 4), st = be32(w->blob + 8), str = be32(w->blob + 12);
	uint32_t version = be32(w->blob + 20), str_len = be32(w->blob + 32), st_len = be32(w->blob + 36);
	if (version < 17 || total > w->len || st > total || st_len > total - st || str > total ||
	    str_len > total - str || st % 4) {
		*why = "the device tree header's sizes do not fit the blob";
		return false;
	}
	w->off = st;
	w->end = st + st_len;
	w->strings = str;
	w->strings_len = str_len;
	return true;
}

/* One token; returns 1 to go on, 0 at the end, -1 on a malformed block. */
static int step(struct walk *w, struct tpm_regs_hit *out, const char **why, int *found)
{
	if (w->end - w->off < 4)
		return -1;
	uint32_t token = be32(w->blob + w->off);
	w->off += 4;
	if (token == FDT_NOP)
		return 1;
	if (token == FDT_END)
		return 0;
	if (token == FDT_BEGIN_NODE) {
		const uint8_t *name = w->blob + w->off;
		const uint8_t *nul = memchr(name, 0, w->end - w->off);
		if (!nul || w->depth >= MAX_DEPTH)
			return -1;
		w->off += ((uint32_t)(nul - name) + 1 + 3) & ~3u;
		if (w->off > w->end)
			return -1;
		struct level *node = &w->stack[++w->depth];
		memset(node, 0, sizeof(*node));
		node->addr_cells = 2;
		node->size_cells = 1;
		return 1;
	}
	if (token == FDT_END_NODE) {
		if (w->depth < 1)
			return -1;
		if (w->stack[w->depth].is_tpm && w->depth >= 2 && !*found) {
			*found = resolve(w, out, why) == 0 ? 1 : -1;
			if (*found == 1)
				return 0;
		}
		w->depth--;
		return 1;
	}
	if (token == FDT_PROP && w->end - w->off >= 8 && w->depth >= 1) {
		uint32_t len = be32(w->blob + w->off), nameoff = be32(w->blob + w->off + 4);
		w->off += 8;
		if (len > w->end - w->off)
			return -1;
		const char *name = prop_name(w, nameoff);
		if (name)
			property(w, name, w->blob + w->off, len);
		w->off += (len + 3) & ~3u;
		return w->off <= w->end ? 1 : -1;
	}
	return -1;
}

int fdt_tpm_regs(const uint8_t *blob, size_t len, struct tpm_regs_hit *out, const char **why)
{
	static struct walk w; /* 17 levels of state: kept off the firmware's stack */
	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	w.blob = blob;
	w.len = len;
	if (!blob || !header(&w, why))
		return -1;
	int found = 0, r = 1;
	for (unsigned n = 0; r == 1 && n < MAX_TOKENS; n++)
		r = step(&w, out, why, &found);
	if (found == 1)
		return 0;
	if (found == 0)
		*why = r < 0 ? "the device tree's structure block is malformed" : "the device tree has no tcg,tpm-tis-mmio node";
	return -1;
}
