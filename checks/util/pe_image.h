/*
 * pe_image.h - the few PE/COFF header fields that decide whether a file on the
 * stick may be loaded as a UEFI driver: the machine it was built for and its
 * subsystem (Microsoft, "PE Format": MS-DOS stub and e_lfanew, the "PE\0\0"
 * signature, the COFF file header, the optional header; UEFI 2.10 2.1.1:
 * UEFI images are PE32+ of subsystem 10, 11 or 12). The bytes come
 * from a file anyone may have put there, so every offset is checked against
 * the length before it is read.
 */
#ifndef PREFLIGHT_PE_IMAGE_H
#define PREFLIGHT_PE_IMAGE_H
#include <stddef.h>
#include <stdint.h>

/* IMAGE_FILE_MACHINE_* (PE Format, "Machine Types"). */
enum {
	PE_MACHINE_I386 = 0x014c,
	PE_MACHINE_ARMNT = 0x01c4,
	PE_MACHINE_EBC = 0x0ebc,
	PE_MACHINE_RISCV64 = 0x5064,
	PE_MACHINE_LOONGARCH64 = 0x6264,
	PE_MACHINE_AMD64 = 0x8664,
	PE_MACHINE_ARM64 = 0xaa64,
};

/* IMAGE_SUBSYSTEM_* (PE Format, "Windows Subsystem"). */
enum {
	PE_SUBSYSTEM_WINDOWS_GUI = 2,
	PE_SUBSYSTEM_WINDOWS_CUI = 3,
	PE_SUBSYSTEM_EFI_APPLICATION = 10,
	PE_SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER = 11,
	PE_SUBSYSTEM_EFI_RUNTIME_DRIVER = 12,
	PE_SUBSYSTEM_EFI_ROM = 13,
};

struct pe_image_info {
	uint16_t machine;
	uint16_t subsystem;
	uint16_t magic; /* 0x10b PE32, 0x20b PE32+ */
};

/* Reads the headers; 0, or -1 with why (a static sentence) when the bytes are not a PE image. */
int pe_image_read(const uint8_t *p, size_t len, struct pe_image_info *out, const char **why);
/* "x64", "Arm64", "IA32", ... or "unknown". */
const char *pe_machine_name(uint16_t machine);
/* "UEFI application", "UEFI boot service driver", ... or "another subsystem". */
const char *pe_subsystem_name(uint16_t subsystem);

/*
 * Whether an image is a UEFI driver this machine can run: a boot service or runtime driver, built for `native`
 * (or EFI Byte Code, which firmware with an EBC interpreter runs). 0, or -1 with why in words ("built for Arm64,
 * this PC is x64", "a UEFI application, not a driver").
 */
int pe_driver_fits(const struct pe_image_info *pe, uint16_t native, char *why, size_t why_len);

#endif
