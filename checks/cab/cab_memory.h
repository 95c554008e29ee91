/*
 * cab_memory.h - a libmspack mspack_system over memory: the names it opens are
 * "mem:cab" (the CAB being read, read-only) and "mem:out" (one output buffer,
 * growing up to a cap fixed before each extraction).
 */
#ifndef PREFLIGHT_CAB_MEMORY_H
#define PREFLIGHT_CAB_MEMORY_H
#include <mspack.h>
#include <stddef.h>
#include <stdint.h>

struct cab_memory_output {
	uint8_t *data;
	size_t len, allocated, cap;
};

struct cab_memory_system {
	struct mspack_system base; /* must be first: libmspack hands it back to us */
	const uint8_t *cab;
	size_t cab_len;
	struct cab_memory_output *output; /* set by the open of "mem:out"; the caller takes it over and frees it */
	size_t output_cap;
};

void cab_memory_init(struct cab_memory_system *sys, const uint8_t *cab, size_t len);

#endif
