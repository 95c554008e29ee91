/* fuzz_acpi_tpm2.c - the ACPI TPM2 table parser on arbitrary firmware bytes. */
#include <stdint.h>
#include <stddef.h>
#include "tpmdrv/acpi_tpm2.h"
#include "tpmdrv/interface_id.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct acpi_tpm2 t;
	const char *why;
	char text[80];
	if (acpi_tpm2_parse(data, size, &t, &why) == 0)
		(void)acpi_tpm2_start_method_name(t.start_method);
	if (size >= 4)
		interface_id_describe((uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 |
				      (uint32_t)data[3] << 24, text, sizeof(text));
	return 0;
}
