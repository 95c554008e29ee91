/*
 * efi_platform.c - clock and randomness for the UEFI build.
 * Clock: the TSC, calibrated once against Boot Services Stall (UEFI timers
 * tick only every 10 ms under OVMF, as measured). Randomness:
 * EFI_RNG_PROTOCOL (UEFI 37.5) with its default algorithm, else RDRAND
 * (Intel SDM vol. 2, RDRAND; CPUID.01H:ECX[30]); without either,
 * boot/platform_random.c falls back on the TPM.
 */
#include "boot/platform.h"
#include "efi_globals.h"
#include <string.h>

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

uint64_t platform_ms(void)
{
	static uint64_t ticks_per_ms, start;
	if (!ticks_per_ms) {
		uint64_t t0 = rdtsc();
		efi_boot->Stall(10000);
		ticks_per_ms = (rdtsc() - t0) / 10;
		if (!ticks_per_ms)
			ticks_per_ms = 1;
		start = t0;
	}
	return (rdtsc() - start) / ticks_per_ms;
}

void platform_sleep_ms(uint32_t ms)
{
	efi_boot->Stall((UINTN)ms * 1000);
}

static bool has_rdrand(void)
{
	uint32_t a = 1, b, c = 0, d;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return (c >> 30) & 1;
}

static int rdrand64(uint64_t *out)
{
	for (int i = 0; i < 10; i++) { /* Intel DRNG guide: retry up to 10 times */
		unsigned char ok;
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*out), "=qm"(ok));
		if (ok)
			return 0;
	}
	return -1;
}

int platform_hardware_random(void *buf, size_t len, const char **name)
{
	static const EFI_GUID rng_guid = EFI_RNG_PROTOCOL_GUID;
	EFI_RNG_PROTOCOL *rng = NULL;
	if (!EFI_ERROR(efi_boot->LocateProtocol(&rng_guid, NULL, (void **)&rng)) && rng &&
	    !EFI_ERROR(rng->GetRNG(rng, NULL, len, buf))) {
		*name = "EFI_RNG_PROTOCOL";
		return 0;
	}
	if (!has_rdrand())
		return -1;
	uint8_t *p = buf;
	while (len) {
		uint64_t v;
		if (rdrand64(&v) != 0)
			return -1;
		size_t n = len < 8 ? len : 8;
		memcpy(p, &v, n);
		p += n;
		len -= n;
	}
	*name = "RDRAND";
	return 0;
}
