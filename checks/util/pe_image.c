/*
 * pe_image.c - see pe_image.h. Offsets from Microsoft's "PE Format": e_lfanew
 * at 0x3c of the MS-DOS header; at e_lfanew the signature "PE\0\0" and the
 * 20-byte COFF file header (Machine at +0, SizeOfOptionalHeader at +16);
 * the optional header follows, Magic at +0 and Subsystem at +68 in both PE32
 * and PE32+.
 */
#include "checks/util/pe_image.h"
#include <stdio.h>

enum {
	DOS_HEADER_LEN = 0x40,
	LFANEW_AT = 0x3c,
	COFF_HEADER_LEN = 20,
	OPT_MAGIC_PE32 = 0x10b,
	OPT_MAGIC_PE32_PLUS = 0x20b,
	OPT_SUBSYSTEM_AT = 68,
};

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int pe_image_read(const uint8_t *p, size_t len, struct pe_image_info *out, const char **why)
{
	if (len < DOS_HEADER_LEN || p[0] != 'M' || p[1] != 'Z') {
		*why = "not a PE image (no MZ header)";
		return -1;
	}
	uint32_t pe = le32(p + LFANEW_AT);
	/* the headers up to Subsystem must lie inside the file; size_t arithmetic cannot wrap from a 32-bit start */
	if (pe < DOS_HEADER_LEN || (size_t)pe + 4 + COFF_HEADER_LEN > len) {
		*why = "not a PE image (the PE header offset points outside the file)";
		return -1;
	}
	if (p[pe] != 'P' || p[pe + 1] != 'E' || p[pe + 2] != 0 || p[pe + 3] != 0) {
		*why = "not a PE image (no PE signature)";
		return -1;
	}
	const uint8_t *coff = p + pe + 4;
	size_t opt_at = (size_t)pe + 4 + COFF_HEADER_LEN, opt_len = le16(coff + 16);
	if (opt_len < OPT_SUBSYSTEM_AT + 2 || opt_at + opt_len > len) {
		*why = "not a PE image (the optional header is missing or longer than the file)";
		return -1;
	}
	const uint8_t *opt = p + opt_at;
	out->machine = le16(coff);
	out->magic = le16(opt);
	out->subsystem = le16(opt + OPT_SUBSYSTEM_AT);
	if (out->magic != OPT_MAGIC_PE32 && out->magic != OPT_MAGIC_PE32_PLUS) {
		*why = "not a PE image (unknown optional header magic)";
		return -1;
	}
	return 0;
}

const char *pe_machine_name(uint16_t machine)
{
	switch (machine) {
	case PE_MACHINE_AMD64: return "x64";
	case PE_MACHINE_ARM64: return "Arm64";
	case PE_MACHINE_I386: return "IA32";
	case PE_MACHINE_ARMNT: return "Arm (32-bit)";
	case PE_MACHINE_EBC: return "EFI Byte Code";
	case PE_MACHINE_RISCV64: return "RISC-V 64";
	case PE_MACHINE_LOONGARCH64: return "LoongArch64";
	default: return "unknown";
	}
}

const char *pe_subsystem_name(uint16_t subsystem)
{
	switch (subsystem) {
	case PE_SUBSYSTEM_EFI_APPLICATION: return "UEFI application";
	case PE_SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER: return "UEFI boot service driver";
	case PE_SUBSYSTEM_EFI_RUNTIME_DRIVER: return "UEFI runtime driver";
	case PE_SUBSYSTEM_EFI_ROM: return "UEFI ROM image";
	case PE_SUBSYSTEM_WINDOWS_GUI: return "Windows program";
	case PE_SUBSYSTEM_WINDOWS_CUI: return "Windows console program";
	default: return "another subsystem";
	}
}

int pe_driver_fits(const struct pe_image_info *pe, uint16_t native, char *why, size_t why_len)
{
	if (pe->subsystem != PE_SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER && pe->subsystem != PE_SUBSYSTEM_EFI_RUNTIME_DRIVER) {
		snprintf(why, why_len, "a %s (subsystem %u), not a UEFI driver", pe_subsystem_name(pe->subsystem),
			 pe->subsystem);
		return -1;
	}
	if (pe->machine != native && pe->machine != PE_MACHINE_EBC) {
		snprintf(why, why_len, "built for %s (machine 0x%04x), this PC is %s", pe_machine_name(pe->machine),
			 pe->machine, pe_machine_name(native));
		return -1;
	}
	return 0;
}
