/* fuzz_version_txt.c - version.txt of TrustedTpm.cab and AIK ids in arbitrary text. */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "checks/trust/aik_id.h"
#include "checks/trust/version_history.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct version_history h;
	if (version_history_parse((const char *)data, size, &h) == 0)
		version_history_free(&h);
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = 0;
	struct aik_id id;
	aik_id_find(text, &id);
	free(text);
	return 0;
}
