/*
 * fuzz_tis_device.c - the FIFO and CRB drivers against a device whose
 * registers and data bytes come from the fuzzer: no crash, no endless wait
 * (a FIFO exchange ends within TIS_EXCHANGE_MS in all), no response longer
 * than the buffer, no CRB byte access outside the locality's window.
 */
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include "tpmdrv/crb.h"
#include "tpmdrv/tis.h"

struct noisy {
	struct mmio_bus bus;
	const uint8_t *data;
	size_t size, pos;
	uint64_t delayed;
	int crb; /* byte accesses must stay in the CRB data buffer */
};

enum { BASE = 0xFED40000 };

static void in_crb_window(struct noisy *n, uint64_t a)
{
	if (n->crb && (a < BASE + CRB_DATA_BUFFER || a >= BASE + CRB_LOCALITY_WINDOW))
		__builtin_trap();
}

static uint8_t next(struct noisy *n)
{
	if (n->size == 0)
		return 0;
	uint8_t b = n->data[n->pos % n->size];
	n->pos++;
	return b;
}

static uint8_t r8(struct mmio_bus *b, uint64_t a)
{
	in_crb_window((struct noisy *)b, a);
	return next((struct noisy *)b);
}
static void w8(struct mmio_bus *b, uint64_t a, uint8_t v) { in_crb_window((struct noisy *)b, a); }
static uint32_t r32(struct mmio_bus *b, uint64_t a)
{
	struct noisy *n = (struct noisy *)b;
	return (uint32_t)next(n) | (uint32_t)next(n) << 8 | (uint32_t)next(n) << 16 | (uint32_t)next(n) << 24;
}
static void w32(struct mmio_bus *b, uint64_t a, uint32_t v) {}
static void delay(struct mmio_bus *b, uint32_t us)
{
	struct noisy *n = (struct noisy *)b;
	n->delayed += us;
	if (n->size)
		n->pos += 1 + n->delayed % 7; /* let the registers change while we wait */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t cmd[] = { 0x80, 0x01, 0, 0, 0, 12, 0, 0, 0x01, 0x7B, 0, 8 };
	static uint8_t rsp[4096];
	size_t len = 0;
	struct noisy n = { { r8, w8, r32, w32, delay }, data, size, 0, 0, 0 };
	struct tis_transport tis;
	struct crb_transport crb;
	tis_transport_init(&tis, &n.bus, BASE);
	if (tis.base.exchange(&tis.base, cmd, sizeof(cmd), rsp, sizeof(rsp), &len) == TRANSPORT_OK && len > sizeof(rsp))
		__builtin_trap();
	if (n.delayed > (uint64_t)TIS_EXCHANGE_MS * 1000)
		__builtin_trap();
	n.pos = 0;
	n.crb = 1;
	crb_transport_init(&crb, &n.bus, BASE);
	if (crb.base.exchange(&crb.base, cmd, sizeof(cmd), rsp, sizeof(rsp), &len) == TRANSPORT_OK && len > sizeof(rsp))
		__builtin_trap();
	return 0;
}
