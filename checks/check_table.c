/* check_table.c - every check the tool runs, in report order. */
#include "check_table.h"
#include <string.h>

static const struct check_descriptor table[CHECK_COUNT] = {
	[CHECK_TPM_PRESENT] = {
		.index = CHECK_TPM_PRESENT,
		.id = "tpm.present",
		.title = "TPM 2.0 present and answering",
		.needs = "ACPI TPM2 table, EFI_TCG2_PROTOCOL or the CRB/FIFO registers; /dev/tpmrm0 or swtpm on Linux",
		.predicts = "0x800705B4 (time-out: no TPM 2.0 attestation support)",
		.remediation = "Enable the TPM (Intel PTT / AMD fTPM / discrete TPM) in the firmware setup and make sure it is "
			       "in TPM 2.0 mode; a TPM 1.2 must be upgraded to 2.0 firmware or the board replaced.",
		.reference = "Windows Autopilot requirements: TPM 2.0; TCG PC Client Platform TPM Profile 2.0",
	},
	[CHECK_TPM_IDENTITY] = {
		.index = CHECK_TPM_IDENTITY,
		.id = "tpm.identity",
		.title = "TPM identity (manufacturer, firmware, specification)",
		.needs = "TPM2_GetCapability(TPM_CAP_TPM_PROPERTIES, PT_FIXED)",
		.predicts = "",
		.remediation = "The TPM answered but its fixed properties could not be read; update the TPM firmware or "
			       "try another transport (--transport).",
		.reference = "TPM 2.0 Library Part 2, 6.13 TPM_PT; DOMAIN.md 6 (firmware version as Windows shows it)",
	},
};

const struct check_descriptor *check_descriptor(enum check_id id)
{
	return (unsigned)id < CHECK_COUNT ? &table[id] : NULL;
}

const struct check_descriptor *check_descriptor_by_name(const char *id)
{
	for (int i = 0; i < CHECK_COUNT; i++)
		if (strcmp(table[i].id, id) == 0)
			return &table[i];
	return NULL;
}
