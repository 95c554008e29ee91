/*
 * mmio_wait.c - bounded polling of a register: every wait on a device ends.
 * Polling starts every 50 us (most conditions hold within microseconds) and
 * backs off to 1 ms, so a 120 s command wait costs about 120 000 reads. A
 * wait may also spend from a budget shared with other waits, so that a
 * series of them (a command moved in many small bursts) has one bound.
 */
#include "mmio_bus.h"
#include <stdbool.h>
#include <stddef.h>

enum { POLL_FIRST_US = 50, POLL_MAX_US = 1000 };

void mmio_poll_start(struct mmio_poll *p, struct mmio_budget *budget)
{
	p->waited_us = 0;
	p->step_us = POLL_FIRST_US;
	p->budget = budget;
}

int mmio_poll_step(struct mmio_bus *bus, struct mmio_poll *p, uint32_t timeout_ms)
{
	if (p->waited_us >= (uint64_t)timeout_ms * 1000 || (p->budget && p->budget->left_us == 0))
		return 0;
	uint32_t step = p->step_us;
	if (p->budget && p->budget->left_us < step)
		step = (uint32_t)p->budget->left_us;
	bus->delay_us(bus, step);
	p->waited_us += step;
	if (p->budget)
		p->budget->left_us -= step;
	if (p->step_us < POLL_MAX_US)
		p->step_us *= 2;
	return 1;
}

/* Polls a register of either width until (value & mask) == want, or the time is spent. */
static int wait_register(struct mmio_bus *bus, uint64_t address, bool wide, uint32_t mask, uint32_t want,
			 uint32_t timeout_ms, struct mmio_budget *budget)
{
	struct mmio_poll p;
	mmio_poll_start(&p, budget);
	do {
		uint32_t v = wide ? bus->read32(bus, address) : bus->read8(bus, address);
		if ((v & mask) == want)
			return 1;
	} while (mmio_poll_step(bus, &p, timeout_ms));
	return 0;
}

int mmio_wait32(struct mmio_bus *bus, uint64_t address, uint32_t mask, uint32_t value, uint32_t timeout_ms)
{
	return wait_register(bus, address, true, mask, value, timeout_ms, NULL);
}

int mmio_wait8(struct mmio_bus *bus, uint64_t address, uint8_t mask, uint8_t value, uint32_t timeout_ms)
{
	return wait_register(bus, address, false, mask, value, timeout_ms, NULL);
}

int mmio_wait32_within(struct mmio_bus *bus, uint64_t address, uint32_t mask, uint32_t value, uint32_t timeout_ms,
		       struct mmio_budget *budget)
{
	return wait_register(bus, address, true, mask, value, timeout_ms, budget);
}

int mmio_wait8_within(struct mmio_bus *bus, uint64_t address, uint8_t mask, uint8_t value, uint32_t timeout_ms,
		      struct mmio_budget *budget)
{
	return wait_register(bus, address, false, mask, value, timeout_ms, budget);
}
