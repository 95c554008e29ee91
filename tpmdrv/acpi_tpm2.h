/*
 * acpi_tpm2.h - the ACPI TPM2 table (TCG ACPI Specification 1.3, 8.3 "ACPI
 * Table for TPM 2.0"): where the firmware says the TPM is and how to start it.
 */
#ifndef PREFLIGHT_ACPI_TPM2_H
#define PREFLIGHT_ACPI_TPM2_H
#include <stddef.h>
#include <stdint.h>

/* TCG ACPI 1.3, table 8 "Start Method values". */
enum acpi_tpm2_start_method {
	TPM2_START_ACPI = 2,
	TPM2_START_FIFO = 6,
	TPM2_START_CRB = 7,
	TPM2_START_CRB_ACPI = 8,
	TPM2_START_CRB_SMC = 11,
	TPM2_START_PLUTON = 13,
	TPM2_START_CRB_FFA = 15,
};

struct acpi_tpm2 {
	uint8_t revision;
	uint16_t platform_class; /* 0 client, 1 server */
	uint64_t control_area;   /* CRB control area, or the FIFO base for start method 6 */
	uint32_t start_method;
	uint32_t log_length;     /* LAML, 0 when absent (revision 4+ only) */
	uint64_t log_address;    /* LASA */
};

/*
 * Parses a TPM2 table of `len` bytes (as found in memory; the table's own
 * Length must fit in `len`). Returns 0 on success, -1 with a reason.
 */
int acpi_tpm2_parse(const uint8_t *table, size_t len, struct acpi_tpm2 *out, const char **why);

/* The name of a start method, e.g. "CRB" or "FIFO/TIS (MMIO)". */
const char *acpi_tpm2_start_method_name(uint32_t method);

#endif
