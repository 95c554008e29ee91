/* efi_mmio.h - the MMIO bus on physical addresses (UEFI boot services run identity-mapped, UEFI 2.3.4). */
#ifndef PREFLIGHT_EFI_MMIO_H
#define PREFLIGHT_EFI_MMIO_H
#include "mmio_bus.h"
struct mmio_bus *efi_mmio_bus(void);
#endif
