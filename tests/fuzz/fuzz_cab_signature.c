/*
 * fuzz_cab_signature.c - the Authenticode signature of a TrustedTpm.cab from
 * the network: the CAB header's reserve, the PKCS#7 SignedData and
 * SpcIndirectDataContent walk, the authenticated attributes, the certificates
 * and the chain to the pinned root. Seeds: a cab signed by a test PKI
 * (tests/system/authenticode_builder.py) and, when present, the real cabs.
 */
#include <stdint.h>
#include <stddef.h>
#include "checks/cab/cab_signature.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char signer[96], why[200];
	cab_signature_verify(data, size, 1732147200 /* 2024-11-21 */, signer, sizeof(signer), why, sizeof(why));
	return 0;
}
