/* interface_id.c - decode TPM_INTERFACE_ID (PTP 2.0, table "TPM_INTERFACE_ID"). */
#include "interface_id.h"
#include <stdio.h>

enum tpm_interface_type interface_id_type(uint32_t id)
{
	/* Measured: with no TPM, QEMU reads 0; real chipsets float to all ones. A legacy TIS 1.3
	 * device also reads type 0xF, so all ones alone is ambiguous; callers then probe TPM_ACCESS. */
	if (id == 0)
		return INTERFACE_NONE;
	switch (id & 0xF) {
	case INTERFACE_FIFO: return INTERFACE_FIFO;
	case INTERFACE_CRB: return INTERFACE_CRB;
	case INTERFACE_TIS13: return INTERFACE_TIS13;
	default: return INTERFACE_NONE;
	}
}

void interface_id_describe(uint32_t id, char *out, size_t len)
{
	const char *name;
	switch (interface_id_type(id)) {
	case INTERFACE_FIFO: name = "FIFO"; break;
	case INTERFACE_CRB: name = "CRB"; break;
	case INTERFACE_TIS13: name = "TIS 1.3"; break;
	default: name = "none"; break;
	}
	snprintf(out, len, "%s (INTERFACE_ID 0x%08x)", name, (unsigned)id);
}
