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
/*
 * Fills buf with random bytes: from the machine's own source, else from the fallback registered below (the TPM's
 * generator); returns 0, or -1 when neither gives them. Nothing weaker is ever used (no clock-based seeding).
 */
int platform_random(void *buf, size_t len);
/* Where the last random bytes came from, for the report: "EFI_RNG_PROTOCOL", "RDRAND", "getrandom", the fallback's
 * name ("TPM2_GetRandom"), or "none" when no source has given any yet. */
const char *platform_random_source(void);

/* A source of random bytes: 0 when len bytes were written to buf, else -1. */
typedef int (*platform_random_fn)(void *ctx, void *buf, size_t len);
/* The source platform_random falls back on when the machine has none: the front end registers the TPM's
 * generator (TPM2_GetRandom) once it has found a TPM, before the network starts; fill NULL removes it. name must
 * outlive the registration. */
void platform_random_fallback(platform_random_fn fill, void *ctx, const char *name);
/* The machine's own source, one per front end (EFI: EFI_RNG_PROTOCOL, else RDRAND; Linux: getrandom): 0 with its
 * name in *name, or -1 when it has none. Callers use platform_random. */
int platform_hardware_random(void *buf, size_t len, const char **name);
/* platform_random's rule over a given hardware source (platform_random passes platform_hardware_random): the
 * hardware first, then the fallback. */
int platform_random_from(int (*hardware)(void *buf, size_t len, const char **name), void *buf, size_t len);

#endif
