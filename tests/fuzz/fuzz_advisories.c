/* fuzz_advisories.c - a site's advisory file (firmware_advisories.tsv format) on arbitrary bytes. */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include "checks/trust/firmware_advisories.h"

static void ignore(void *ctx, const char *message)
{
	(void)ctx;
	(void)message;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct advisory_list list;
	list.count = 0;
	advisories_parse((const char *)data, size, &list, ignore, NULL);
	struct tpm_firmware_version v = tpm_firmware_version(TPM_MANUFACTURER_IFX, (uint32_t)size, (uint32_t)size * 31u);
	for (size_t i = 0; i < list.count; i++)
		firmware_advisory_matches(&list.rows[i], "IFX", &v, size & 1);
	return 0;
}
