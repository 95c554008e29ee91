/*
 * tpm_firmware_version.c - the firmware version in the form a technician compares: tpm.msc, Get-Tpm
 * (ManufacturerVersionFull20), Win32_Tpm.ManufacturerVersion and the vendors' advisories.
 *
 * Part 2 (6.13, TPM_PT_FIRMWARE_VERSION_1/2) leaves both words vendor-specific. Two splits are in use:
 * - Most makers put major.minor in FW1 and build.revision in FW2, 16 bits each. tpm.msc shows Intel's raw
 *   720904 / 3280226 (0x000B0008 / 0x00320D62) as 11.8.50.3426 (github.com/petrs/TPM_PCR issue 4, "Fix parsing
 *   of firmware version") and another TPM's 538247443 / 1394722 as 8213.275.21.18466 (oofhours.com, "Fun with
 *   TPM firmware version numbers", 2022); Nuvoton 0x00070002 / 0x00000002 is 7.2.0.2 (fwupd pull request 1628);
 *   AMD 0x00030025 / 0x00000005 and ST 0x00490004 / 0x44A01164 are 3.37.0.5 and 73.4.17568.4452 (TPMScan data
 *   set, crocs-muni/tpmscan-dataset, AMD/ and STM/ folders). The Hyper-V vTPM and swtpm use it too.
 * - Infineon puts a 16-bit build in bits 8-23 of FW2 and a revision in its low byte. Infineon's own
 *   TPMFactoryUpd formats "%d.%d.%d.%d" from FW1>>16, FW1&0xFFFF, FW2>>8, FW2&0xFF (its FirmwareUpdate.c,
 *   BSD-licensed, e.g. in facebook/openbmc common/recipes-utils/tpm-factory-upd) and prints "5.63.3353.0" for
 *   FW2 0x000D1900 (xaptum/ecdaa issue 140); HP's SoftPaq file names (TPM20_7.61.2785.0, TPM20_7.41.2375.0:
 *   texhex/BiosSledgehammer issue 9) and Infineon's update files (TPM20_15.23.17664.0_R1.BIN: wolfTPM
 *   examples/firmware/README.md) use the same form, and so does Windows for Infineon parts (reported by users
 *   comparing tpm.msc; no public capture of Get-Tpm on an Infineon TPM 2.0 was found to quote). The 16/16 split of those words gives 5.63.13.6400,
 *   7.85.17.51968 (for 7.85.4555.0), 7.62.12.13824 (for 7.62.3126.0) - the names of TPMScan's IFX folders, and
 *   nothing a technician can find in an advisory.
 */
#include "checks/tpm/tpm_firmware_version.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tpm_firmware_version tpm_firmware_version(uint32_t manufacturer, uint32_t fw1, uint32_t fw2)
{
	struct tpm_firmware_version v = { { fw1 >> 16, fw1 & 0xFFFF, fw2 >> 16, fw2 & 0xFFFF } };
	if (manufacturer == TPM_MANUFACTURER_IFX) {
		v.part[2] = fw2 >> 8; /* 24 bits as TPMFactoryUpd prints them; the top byte is 0 in every known part */
		v.part[3] = fw2 & 0xFF;
	}
	return v;
}

void tpm_firmware_version_text(const struct tpm_firmware_version *v, char *out, size_t cap)
{
	snprintf(out, cap, "%lu.%lu.%lu.%lu", (unsigned long)v->part[0], (unsigned long)v->part[1],
		 (unsigned long)v->part[2], (unsigned long)v->part[3]);
}

int tpm_firmware_version_compare(const struct tpm_firmware_version *a, const struct tpm_firmware_version *b)
{
	for (int i = 0; i < 4; i++)
		if (a->part[i] != b->part[i])
			return a->part[i] < b->part[i] ? -1 : 1;
	return 0;
}

bool tpm_san_version_text(const char *san, char *out, size_t cap)
{
	if (cap)
		out[0] = 0;
	if (strncmp(san, "id:", 3) != 0)
		return false;
	const char *hex = san + 3;
	size_t n = strspn(hex, "0123456789abcdefABCDEF");
	if (hex[n] || (n != 8 && n != 4))
		return false;
	unsigned long v = strtoul(hex, NULL, 16);
	unsigned shift = n == 8 ? 16 : 8, mask = n == 8 ? 0xFFFF : 0xFF;
	snprintf(out, cap, "%lu.%lu", v >> shift, v & mask);
	return true;
}
