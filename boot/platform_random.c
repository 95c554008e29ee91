/*
 * platform_random.c - platform_random for both front ends: the machine's own
 * source first (platform_hardware_random), else the registered fallback - the
 * TPM's generator, TPM 2.0 Library Part 1 "Random Number Generator" and Part 3
 * 16.1 TPM2_GetRandom - for machines whose firmware offers no
 * EFI_RNG_PROTOCOL and whose CPU has no RDRAND (QEMU's default qemu64 CPU,
 * some Arm64 boards). Never a weaker source: without either it fails, and the
 * callers say so.
 */
#include "boot/platform.h"

static struct {
	platform_random_fn fill;
	void *ctx;
	const char *name;
} fallback;

static const char *source = "none";

void platform_random_fallback(platform_random_fn fill, void *ctx, const char *name)
{
	fallback.fill = fill;
	fallback.ctx = fill ? ctx : NULL;
	fallback.name = fill ? name : NULL;
}

int platform_random_from(int (*hardware)(void *buf, size_t len, const char **name), void *buf, size_t len)
{
	const char *name = NULL;
	if (hardware(buf, len, &name) == 0) {
		source = name;
		return 0;
	}
	if (fallback.fill && fallback.fill(fallback.ctx, buf, len) == 0) {
		source = fallback.name;
		return 0;
	}
	return -1;
}

int platform_random(void *buf, size_t len)
{
	return platform_random_from(platform_hardware_random, buf, len);
}

const char *platform_random_source(void)
{
	return source;
}
