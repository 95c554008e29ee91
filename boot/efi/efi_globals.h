/* efi_globals.h - the firmware tables handed to efi_main, kept for the platform services. */
#ifndef PREFLIGHT_EFI_GLOBALS_H
#define PREFLIGHT_EFI_GLOBALS_H
#include "efi.h"
extern EFI_SYSTEM_TABLE *efi_system;
extern EFI_BOOT_SERVICES *efi_boot;
extern EFI_RUNTIME_SERVICES *efi_runtime;
extern EFI_HANDLE efi_image;
/* Finds a configuration table by GUID (UEFI 4.6), NULL when absent. */
void *efi_find_config_table(const EFI_GUID *guid);
bool efi_guid_equal(const EFI_GUID *a, const EFI_GUID *b);
/* Sleeps for the given microseconds through Boot Services Stall (UEFI 7.5). */
void efi_sleep_us(uint32_t us);
#endif
