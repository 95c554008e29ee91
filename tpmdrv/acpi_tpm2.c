/* acpi_tpm2.c - parse the ACPI TPM2 table (TCG ACPI Specification 1.3, 8.3), every length checked. */
#include "acpi_tpm2.h"
#include <string.h>

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* Offsets in the table: ACPI 6.5, 5.2.6 common header (36 bytes), then TCG ACPI 1.3 table 7. */
enum {
	HDR_LENGTH = 4,
	HDR_REVISION = 8,
	TPM2_PLATFORM_CLASS = 36,
	TPM2_CONTROL_AREA = 40,
	TPM2_START_METHOD = 48,
	TPM2_MIN_LENGTH = 52,
	TPM2_LAML = 64,
	TPM2_LASA = 68,
	TPM2_WITH_LOG_LENGTH = 76,
};

int acpi_tpm2_parse(const uint8_t *table, size_t len, struct acpi_tpm2 *out, const char **why)
{
	memset(out, 0, sizeof(*out));
	if (len < TPM2_MIN_LENGTH) {
		*why = "the TPM2 table is shorter than 52 bytes";
		return -1;
	}
	if (memcmp(table, "TPM2", 4) != 0) {
		*why = "the table signature is not TPM2";
		return -1;
	}
	uint32_t length = le32(table + HDR_LENGTH);
	if (length < TPM2_MIN_LENGTH || length > len) {
		*why = "the TPM2 table's Length field is out of range";
		return -1;
	}
	uint8_t sum = 0;
	for (uint32_t i = 0; i < length; i++)
		sum = (uint8_t)(sum + table[i]);
	if (sum != 0) {
		*why = "the TPM2 table's checksum is wrong";
		return -1;
	}
	out->revision = table[HDR_REVISION];
	out->platform_class = (uint16_t)(table[TPM2_PLATFORM_CLASS] | table[TPM2_PLATFORM_CLASS + 1] << 8);
	out->control_area = le64(table + TPM2_CONTROL_AREA);
	out->start_method = le32(table + TPM2_START_METHOD);
	if (length >= TPM2_WITH_LOG_LENGTH) {
		out->log_length = le32(table + TPM2_LAML);
		out->log_address = le64(table + TPM2_LASA);
	}
	return 0;
}

const char *acpi_tpm2_start_method_name(uint32_t method)
{
	switch (method) {
	case TPM2_START_ACPI: return "ACPI start";
	case TPM2_START_FIFO: return "FIFO/TIS (MMIO)";
	case TPM2_START_CRB: return "CRB";
	case TPM2_START_CRB_ACPI: return "CRB with ACPI start";
	case TPM2_START_CRB_SMC: return "CRB with Arm SMC";
	case TPM2_START_PLUTON: return "CRB with Pluton mailbox";
	case TPM2_START_CRB_FFA: return "CRB with Arm FF-A";
	default: return "unknown";
	}
}
