/*
 * aa64_cpu.c - the counter and random source on AArch64 (Arm ARM DDI 0487):
 * the generic timer's virtual count CNTVCT_EL0 at the rate CNTFRQ_EL0 states
 * (D11.2; firmware programs CNTFRQ before UEFI runs), and RNDR (FEAT_RNG,
 * ARMv8.5), present when ID_AA64ISAR0_EL1.RNDR (bits 63:60) is not 0. UEFI
 * applications run at EL1 or EL2, where reading the ID register is allowed.
 */
#include "efi_cpu.h"

uint64_t cpu_counter(void)
{
	uint64_t v;
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

uint64_t cpu_counter_hz(void)
{
	uint64_t f;
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
	return f & 0xffffffffu; /* the upper half is RES0 */
}

static int has_rndr(void)
{
	uint64_t isar0;
	__asm__ volatile("mrs %0, id_aa64isar0_el1" : "=r"(isar0));
	return (isar0 >> 60) != 0;
}

int cpu_random64(uint64_t *out)
{
	if (!has_rndr())
		return -1;
	for (int i = 0; i < 10; i++) { /* RNDR sets NZCV to 0b0100 when no entropy was ready: retry */
		uint64_t v, nzcv;
		/* s3_3_c2_c4_0 is RNDR, spelled out so an assembler without FEAT_RNG accepts it */
		__asm__ volatile("mrs %0, s3_3_c2_c4_0\n\tmrs %1, nzcv" : "=r"(v), "=r"(nzcv));
		if (!(nzcv & (1ULL << 30))) {
			*out = v;
			return 0;
		}
	}
	return -1;
}

const char *cpu_random_name(void)
{
	return "RNDR";
}

/* Arm platforms have no fixed TPM address (TCG PC Client PTP names one for PCs only): the firmware must say. */
uint64_t arch_tpm_fixed_base(void)
{
	return 0;
}
