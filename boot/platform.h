/*
 * platform.h - the services the engine, the network stack and the libraries
 * need from the machine, implemented once per front end (boot/efi/efi_platform.c,
 * boot/linux/linux_platform.c) and chosen at link time.
 */
#ifndef PREFLIGHT_PLATFORM_H
#define PREFLIGHT_PLATFORM_H
#include <stddef.h>
#include <stdint.h>

/* Milliseconds from an arbitrary start, monotonic. */
uint64_t platform_ms(void);
/* Waits about ms milliseconds (bounded; used between retries of a busy TPM). */
void platform_sleep_ms(uint32_t ms);
/* Fills buf with random bytes from the platform's hardware source; returns 0, or -1 when there is none. */
int platform_random(void *buf, size_t len);
/* Where platform_random's bytes come from, for the report ("EFI_RNG_PROTOCOL", "RDRAND", "getrandom"). */
const char *platform_random_source(void);

#endif
