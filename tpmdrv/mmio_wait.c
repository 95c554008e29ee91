/* mmio_wait.c - bounded polling of a register: every wait on a device ends. */
#include "mmio_bus.h"

enum { POLL_US = 50 };

int mmio_wait32(struct mmio_bus *bus, uint64_t address, uint32_t mask, uint32_t value, uint32_t timeout_ms)
{
	uint64_t waited_us = 0;
	for (;;) {
		if ((bus->read32(bus, address) & mask) == value)
			return 1;
		if (waited_us >= (uint64_t)timeout_ms * 1000)
			return 0;
		bus->delay_us(bus, POLL_US);
		waited_us += POLL_US;
	}
}

int mmio_wait8(struct mmio_bus *bus, uint64_t address, uint8_t mask, uint8_t value, uint32_t timeout_ms)
{
	uint64_t waited_us = 0;
	for (;;) {
		if ((bus->read8(bus, address) & mask) == value)
			return 1;
		if (waited_us >= (uint64_t)timeout_ms * 1000)
			return 0;
		bus->delay_us(bus, POLL_US);
		waited_us += POLL_US;
	}
}
