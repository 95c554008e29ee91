/*
 * fixed_platform.c - boot/platform.h for the fuzz targets, in place of
 * boot/linux/linux_platform.c: libFuzzer needs a target whose run depends on
 * its input alone, so time and randomness are fixed here.
 *
 * - The clock is virtual: it starts at 0, moves 1 ms per reading (so a loop
 *   that waits for a deadline without sleeping still ends) and by the time
 *   asked in platform_sleep_ms, which returns at once (a retry that would wait
 *   seconds on a real TPM costs nothing). A target may reset it per input.
 * - the machine's random source (boot/platform_random.c asks it first) fills
 *   every buffer with the same pattern, FUZZ_RANDOM_BYTE(i)
 *   for byte i, so a recorded TPM answer that echoes a random value (the
 *   credential TPM2_ActivateCredential returns) can be written into a seed
 *   (tests/fuzz/record_engine_seeds.py computes the same bytes).
 */
#include "boot/platform.h"
#include "fixed_platform.h"

static uint64_t virtual_ms;

void fixed_platform_reset(void)
{
	virtual_ms = 0;
}

uint64_t platform_ms(void)
{
	return virtual_ms++;
}

void platform_sleep_ms(uint32_t ms)
{
	virtual_ms += ms;
}

int platform_hardware_random(void *buf, size_t len, const char **name)
{
	uint8_t *p = buf;
	for (size_t i = 0; i < len; i++)
		p[i] = FUZZ_RANDOM_BYTE(i);
	*name = "fixed pattern (fuzz build)";
	return 0;
}
