/*
 * mmio_bus.h - register access for the direct TPM interfaces. The UEFI build
 * maps it onto physical memory (firmware runs identity-mapped); the unit
 * tests map it onto a simulated CRB or FIFO device.
 */
#ifndef PREFLIGHT_MMIO_BUS_H
#define PREFLIGHT_MMIO_BUS_H
#include <stdint.h>

struct mmio_bus {
	uint8_t (*read8)(struct mmio_bus *bus, uint64_t address);
	void (*write8)(struct mmio_bus *bus, uint64_t address, uint8_t value);
	uint32_t (*read32)(struct mmio_bus *bus, uint64_t address);
	void (*write32)(struct mmio_bus *bus, uint64_t address, uint32_t value);
	void (*delay_us)(struct mmio_bus *bus, uint32_t microseconds);
};

/* The time left for a series of waits (one whole command exchange): each wait in it spends from it. */
struct mmio_budget {
	uint64_t left_us;
};

/* A bounded wait in progress: how long we have waited, the next poll interval, the budget it spends from. */
struct mmio_poll {
	uint64_t waited_us;
	uint32_t step_us;
	struct mmio_budget *budget; /* NULL: only this wait's own timeout bounds it */
};
void mmio_poll_start(struct mmio_poll *p, struct mmio_budget *budget);
/* Sleeps one poll interval; returns 0 (without sleeping) once timeout_ms or the budget has been spent. */
int mmio_poll_step(struct mmio_bus *bus, struct mmio_poll *p, uint32_t timeout_ms);

/*
 * Waits until (read32(address) & mask) == value, for at most timeout_ms of
 * accumulated delay. Returns 1 when the condition held.
 */
int mmio_wait32(struct mmio_bus *bus, uint64_t address, uint32_t mask, uint32_t value, uint32_t timeout_ms);
int mmio_wait8(struct mmio_bus *bus, uint64_t address, uint8_t mask, uint8_t value, uint32_t timeout_ms);
/* The same, also ending when `budget` is spent; the time waited is taken from it. */
int mmio_wait32_within(struct mmio_bus *bus, uint64_t address, uint32_t mask, uint32_t value, uint32_t timeout_ms,
		       struct mmio_budget *budget);
int mmio_wait8_within(struct mmio_bus *bus, uint64_t address, uint8_t mask, uint8_t value, uint32_t timeout_ms,
		      struct mmio_budget *budget);

/* TCG PC Client Platform TPM Profile (PTP) 2.0, table "Timeouts": */
enum {
	PTP_TIMEOUT_A_MS = 750,
	PTP_TIMEOUT_B_MS = 2000,
	PTP_TIMEOUT_C_MS = 200,
	PTP_TIMEOUT_D_MS = 30,
	/* Not a PTP value: the longest a command (RSA key generation) may run before we give up. */
	TPM_COMMAND_TIMEOUT_MS = 120000,
};

/* PTP: the TPM's register space starts here on PC platforms; locality n is 0x1000 * n above it. */
#define PTP_DEFAULT_BASE 0xFED40000ULL

#endif
