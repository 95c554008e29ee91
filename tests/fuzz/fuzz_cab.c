/*
 * fuzz_cab.c - a TrustedTpm.cab from a stick or the network: extraction with
 * libmspack under our caps, the index, version.txt, and an AIK CA lookup
 * (which parses the matching certificates).
 */
#include <stdint.h>
#include <stddef.h>
#include "checks/trust/trust_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trust_store t;
	char why[200];
	if (trust_store_open(&t, data, size, why, sizeof(why)) != 0)
		return 0;
	struct aik_id id;
	struct aik_ca_status st;
	if (aik_id_find("ifx-keyid-9c7df5a91c3d49bbe7378d4aba12ff8e78a2d75c", &id))
		trust_store_aik_status(&t, &id, 1800000000, &st);
	trust_store_close(&t);
	return 0;
}
