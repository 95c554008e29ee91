/* aik_key.c - see aik_key.h. */
#include "checks/enrol/aik_key.h"
#include "checks/enrol/der_writer.h"
#include "checks/enrol/enrol_oids.h"
#include "checks/x509/der.h"

int aik_rsa_key(const TPM2B_PUBLIC *pub, const uint8_t **modulus, size_t *len, uint32_t *exponent)
{
	const TPMT_PUBLIC *p = &pub->publicArea;
	size_t n = p->unique.rsa.size;
	if (p->type != TPM2_ALG_RSA || n == 0 || n > sizeof(p->unique.rsa.buffer))
		return -1;
	*modulus = p->unique.rsa.buffer;
	*len = n;
	*exponent = p->parameters.rsaDetail.exponent ? p->parameters.rsaDetail.exponent : 65537;
	return 0;
}

uint8_t *aik_spki(const TPM2B_PUBLIC *pub, size_t *len)
{
	const uint8_t *n;
	size_t n_len;
	uint32_t e;
	*len = 0;
	if (aik_rsa_key(pub, &n, &n_len, &e) != 0)
		return NULL;
	uint8_t e_be[4] = { (uint8_t)(e >> 24), (uint8_t)(e >> 16), (uint8_t)(e >> 8), (uint8_t)e };
	struct der_writer w;
	dw_init(&w);
	dw_begin(&w, DER_SEQUENCE);
	dw_alg(&w, OID_RSA_ENCRYPTION, sizeof(OID_RSA_ENCRYPTION), true);
	dw_begin(&w, DER_BIT_STRING);
	dw_raw(&w, (const uint8_t *)"", 1); /* no unused bits */
	dw_begin(&w, DER_SEQUENCE);         /* RSAPublicKey (RFC 8017 A.1.1) */
	dw_uint(&w, n, n_len);
	dw_uint(&w, e_be, sizeof(e_be));
	dw_end(&w);
	dw_end(&w);
	dw_end(&w);
	return dw_finish(&w, len);
}
