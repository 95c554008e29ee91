/*
 * x64_cpu.c - the counter and random source on x86-64: the TSC (its rate is
 * not architectural, so efi_platform.c calibrates it against Stall) and
 * RDRAND (Intel SDM vol. 2, RDRAND; present when CPUID.01H:ECX[30] is set).
 */
#include "efi_cpu.h"

uint64_t cpu_counter(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

uint64_t cpu_counter_hz(void)
{
	return 0;
}

static int has_rdrand(void)
{
	uint32_t a = 1, b, c = 0, d;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return (c >> 30) & 1;
}

int cpu_random64(uint64_t *out)
{
	if (!has_rdrand())
		return -1;
	for (int i = 0; i < 10; i++) { /* Intel DRNG guide: retry up to 10 times */
		unsigned char ok;
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*out), "=qm"(ok));
		if (ok)
			return 0;
	}
	return -1;
}

const char *cpu_random_name(void)
{
	return "RDRAND";
}

/* TCG PC Client PTP 2.0, 5.4: the fixed address of the TPM's registers on PC platforms. */
uint64_t arch_tpm_fixed_base(void)
{
	return 0xFED40000ULL;
}
