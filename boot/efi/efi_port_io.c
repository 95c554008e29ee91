/*
 * efi_port_io.c - the application's only x86 port I/O: IN and OUT for the PC speaker (boot/pc_speaker.h). Arm64
 * and other machines have no I/O ports and no PC speaker: efi_port_io() is NULL there and the beep is "not
 * available" (the serial console still gets its BELs).
 */
#include "efi_beep.h"
#include "efi_globals.h"

static void stall(uint32_t microseconds)
{
	efi_boot->Stall(microseconds); /* UEFI 2.10, 7.5 Stall */
}

#if defined(__x86_64__) || defined(__i386__)
static uint8_t in8(uint16_t port)
{
	uint8_t value;
	__asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

static void out8(uint16_t port, uint8_t value)
{
	__asm__ volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

const struct port_io *efi_port_io(void)
{
	static const struct port_io io = { in8, out8, stall };
	return &io;
}
#else
const struct port_io *efi_port_io(void)
{
	(void)stall;
	return NULL;
}
#endif
