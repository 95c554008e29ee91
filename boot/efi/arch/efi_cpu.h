/*
 * efi_cpu.h - the few services the UEFI build takes from the processor
 * itself: a free-running counter and a hardware random number instruction.
 * One file per architecture (x64_cpu.c, aa64_cpu.c) implements it; the
 * Makefile links the one of the target, so no #ifdef is needed elsewhere.
 */
#ifndef PREFLIGHT_EFI_CPU_H
#define PREFLIGHT_EFI_CPU_H
#include <stdint.h>

/* A monotonic counter (x64: TSC; AArch64: the generic timer's virtual count). */
uint64_t cpu_counter(void);
/* Its frequency in Hz when the architecture states it, 0 when it must be calibrated. */
uint64_t cpu_counter_hz(void);
/* 64 random bits from the processor's generator; returns 0, or -1 when it has none or it fails. */
int cpu_random64(uint64_t *out);
/* The name of that generator for the report ("RDRAND", "RNDR"). */
const char *cpu_random_name(void);

/* Where the platform puts the TPM when the firmware does not say: PTP's 0xFED40000 on PCs, 0 (nowhere fixed) on Arm. */
uint64_t arch_tpm_fixed_base(void);

#endif
