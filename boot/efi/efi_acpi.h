/* efi_acpi.h - find an ACPI table through the RSDP the firmware publishes (UEFI 4.6, ACPI 6.5 5.2.5-5.2.8). */
#ifndef PREFLIGHT_EFI_ACPI_H
#define PREFLIGHT_EFI_ACPI_H
#include <stddef.h>
#include <stdint.h>
/* Returns the table with the 4-byte signature and its Length, or NULL. */
const uint8_t *efi_acpi_find(const char signature[4], size_t *length);
/* The DSDT through the FADT (ACPI 6.5, 5.2.9: X_DSDT at 140 when set, else DSDT at 40), or NULL. */
const uint8_t *efi_acpi_dsdt(size_t *length);
#endif
