/* fuzz_efi_siglist.c - the EFI_SIGNATURE_LIST reader (MokList, mok_cleanup) on arbitrary firmware bytes; the
 * first byte chooses how long the certificate to remove is, taken from the input's end. */
#include <stdint.h>
#include <stdlib.h>
#include "checks/util/efi_siglist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t cert_len = data[0] < size - 1 ? data[0] : size - 1;
	const uint8_t *list = data + 1, *cert = data + size - cert_len;
	size_t list_len = size - 1;
	uint8_t *out = malloc(list_len ? list_len : 1);
	size_t out_len = 0;
	struct siglist_edit edit;
	if (siglist_remove_x509(list, list_len, cert, cert_len, out, &out_len, &edit) == 0 && out_len > list_len)
		abort(); /* the copy never grows */
	free(out);
	return 0;
}
