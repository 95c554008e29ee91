/*
 * fuzz_ek_cert.c - an EK NV index's contents or a certificate file: unwrapping
 * (TCG header, padding, several certificates), the tolerant certificate
 * reader, mbed TLS's strict parse, chain building against a pool holding the
 * same bytes, and the AIK id derivation.
 */
#include <stdint.h>
#include <stddef.h>
#include "checks/ekcert/ek_verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ek_verification v;
	struct cert_pool pool;
	struct nv_certs nv;
	cert_pool_init(&pool);
	ek_nv_unwrap(data, size, &nv);
	for (size_t i = 0; i < nv.count; i++)
		cert_pool_add(&pool, nv.certs[i].p, nv.certs[i].len, i ? SOURCE_CAB_INTERMEDIATE : SOURCE_NV, "fuzz");
	ek_verify(data, size, size & 1 ? "IFX" : NULL, &pool, NULL, NULL, 1800000000, &v);
	char text[200];
	ek_nv_describe(&v.nv, text, sizeof(text));
	cert_pool_free(&pool);
	return 0;
}
