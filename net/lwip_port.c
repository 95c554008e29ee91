/*
 * lwip_port.c - what lwIP's core asks of its port (lwIP doc "Porting for an
 * OS"/NO_SYS): the time in milliseconds, random numbers, and where
 * assertions go. The time and randomness come from boot/platform.h.
 */
#include "boot/platform.h"
#include <lwip/arch.h>
#include <lwip/sys.h>
#include <stdio.h>
#include <stdlib.h>

u32_t sys_now(void)
{
	return (u32_t)platform_ms();
}

uint32_t preflight_lwip_rand(void)
{
	uint32_t v = 0;
	platform_random(&v, sizeof(v));
	return v;
}

void preflight_lwip_assert(const char *message, const char *file, int line)
{
	printf("preflight: network stack assertion \"%s\" failed at %s:%d\n", message, file, line);
	abort();
}
