/* fuzz_aik_chain.c - the AIK service's GetCACertChain answer: the certs-only CMS message (scep_certs.c), then each
 * certificate's reading and chain (aik_service_chain.c), without a cab (the pinned root anchors). */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include "checks/ekcert/aik_service_chain.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct aik_chain_result result;
	struct aik_id id;
	static const unsigned char keyid[20] = { 0x4a, 0x99, 0xc0, 0xfe, 0x66, 0x94, 0x9a, 0x73, 0xf8, 0x67,
						 0x24, 0x31, 0x88, 0xf0, 0x8a, 0x42, 0xef, 0xfb, 0x67, 0xf9 };
	aik_id_make(&id, "IBM", false, keyid, sizeof(keyid));
	aik_chain_verify(data, size, NULL, &id, 1767225600 /* 2026-01-01 */, &result);
	if (result.state == AIK_CHAIN_VERIFIED && result.aik_ca < 0)
		abort(); /* a verified chain always names its AIK CA */
	return 0;
}
