/*
 * efi_platform.c - clock and randomness for the UEFI build.
 * Clock: the processor's counter (arch/efi_cpu.h), at its stated rate or
 * calibrated once against Boot Services Stall (UEFI timers tick only every
 * 10 ms under OVMF, as measured). Randomness: EFI_RNG_PROTOCOL (UEFI 37.5)
 * with its default algorithm, else the processor's instruction (RDRAND,
 * RNDR); without either, boot/platform_random.c falls back on the TPM.
 */
#include "boot/platform.h"
#include "efi_globals.h"
#include "arch/efi_cpu.h"
#include <string.h>

uint64_t platform_ms(void)
{
	static uint64_t ticks_per_ms, start;
	if (!ticks_per_ms) {
		uint64_t t0 = cpu_counter();
		uint64_t hz = cpu_counter_hz();
		if (hz >= 1000) {
			ticks_per_ms = hz / 1000;
		} else { /* a rate the architecture does not state: measure it against 10 ms of Stall */
			efi_boot->Stall(10000);
			ticks_per_ms = (cpu_counter() - t0) / 10;
		}
		if (!ticks_per_ms)
			ticks_per_ms = 1;
		start = t0;
	}
	return (cpu_counter() - start) / ticks_per_ms;
}

void platform_sleep_ms(uint32_t ms)
{
	efi_boot->Stall((UINTN)ms * 1000);
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
	uint8_t *p = buf;
	while (len) {
		uint64_t v;
		if (cpu_random64(&v) != 0)
			return -1;
		size_t n = len < 8 ? len : 8;
		memcpy(p, &v, n);
		p += n;
		len -= n;
	}
	*name = cpu_random_name();
	return 0;
}
