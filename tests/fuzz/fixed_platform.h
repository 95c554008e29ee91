/* fixed_platform.h - the fixed clock and random source of the fuzz builds (fixed_platform.c). */
#ifndef PREFLIGHT_FIXED_PLATFORM_H
#define PREFLIGHT_FIXED_PLATFORM_H
#include <stdint.h>

/* Byte i of every buffer platform_random fills (record_engine_seeds.py repeats this formula). */
#define FUZZ_RANDOM_BYTE(i) ((uint8_t)(0xA5u ^ (uint8_t)((i) * 7u)))

/* Sets the virtual clock back to 0 (a target calls it at the start of each input). */
void fixed_platform_reset(void);

#endif
