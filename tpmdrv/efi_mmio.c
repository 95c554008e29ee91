/* efi_mmio.c - volatile register access at physical addresses, delays through Stall. */
#include "efi_mmio.h"
#include "boot/efi/efi_globals.h"

static uint8_t read8(struct mmio_bus *bus, uint64_t a)
{
	(void)bus;
	return *(volatile uint8_t *)(uintptr_t)a;
}

static void write8(struct mmio_bus *bus, uint64_t a, uint8_t v)
{
	(void)bus;
	*(volatile uint8_t *)(uintptr_t)a = v;
}

static uint32_t read32(struct mmio_bus *bus, uint64_t a)
{
	(void)bus;
	return *(volatile uint32_t *)(uintptr_t)a;
}

static void write32(struct mmio_bus *bus, uint64_t a, uint32_t v)
{
	(void)bus;
	*(volatile uint32_t *)(uintptr_t)a = v;
}

static void delay_us(struct mmio_bus *bus, uint32_t us)
{
	(void)bus;
	efi_sleep_us(us);
}

static struct mmio_bus bus = { read8, write8, read32, write32, delay_us };

struct mmio_bus *efi_mmio_bus(void)
{
	return &bus;
}
