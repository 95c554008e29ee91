/*
 * lwip_port.c - what lwIP's core asks of its port (lwIP doc "Porting for an
 * OS"/NO_SYS): the time in milliseconds, random numbers, and where
 * assertions go. The time and randomness come from boot/platform.h.
 */
#include "net_random.h"
#include "boot/platform.h"
#include <lwip/arch.h>
#include <lwip/sys.h>
#include <stdio.h>
#include <stdlib.h>

u32_t sys_now(void)
{
	return (u32_t)platform_ms();
}

static unsigned random_failures;

/* LWIP_RAND cannot fail, so a failure is counted for the DNS wait to see (net_random.h); net_stack_start
 * checked the source before lwIP drew its first number. */
uint32_t preflight_lwip_rand(void)
{
	uint32_t v = 0;
	if (platform_random(&v, sizeof(v)) != 0)
		random_failures++;
	return v;
}

unsigned net_random_failures(void)
{
	return random_failures;
}

void preflight_lwip_assert(const char *message, const char *file, int line)
{
	printf("preflight: network stack assertion \"%s\" failed at %s:%d\n", message, file, line);
	abort();
}
