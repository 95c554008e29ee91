/* fuzz_pe_image.c - files in \preflight\drivers on the stick: the PE/COFF headers read before LoadImage. */
#include <stdint.h>
#include <stddef.h>
#include "checks/util/pe_image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pe_image_info pe;
	const char *why = NULL;
	char text[120];
	if (pe_image_read(data, size, &pe, &why) == 0) {
		pe_driver_fits(&pe, PE_MACHINE_AMD64, text, sizeof(text));
		pe_driver_fits(&pe, PE_MACHINE_ARM64, text, sizeof(text));
	}
	return 0;
}
