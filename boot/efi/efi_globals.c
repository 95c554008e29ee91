/* efi_globals.c - firmware tables and the small helpers every UEFI service needs. */
#include "efi_globals.h"
#include <string.h>

EFI_SYSTEM_TABLE *efi_system;
EFI_BOOT_SERVICES *efi_boot;
EFI_RUNTIME_SERVICES *efi_runtime;
EFI_HANDLE efi_image;

bool efi_guid_equal(const EFI_GUID *a, const EFI_GUID *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

void *efi_find_config_table(const EFI_GUID *guid)
{
	for (UINTN i = 0; i < efi_system->NumberOfTableEntries; i++)
		if (efi_guid_equal(&efi_system->ConfigurationTable[i].VendorGuid, guid))
			return efi_system->ConfigurationTable[i].VendorTable;
	return NULL;
}

void efi_sleep_us(uint32_t us)
{
	efi_boot->Stall(us);
}
