/* fuzz_smbios.c - the SMBIOS structure table parser on arbitrary firmware bytes. */
#include <stdint.h>
#include <stddef.h>
#include "checks/engine/platform_facts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct platform_facts f;
	platform_facts_init(&f);
	smbios_parse(data, size, &f);
	return 0;
}
