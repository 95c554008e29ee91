/* pem_cert.h - a PEM certificate of the fixed test PKI as DER (malloc'd), for the enrolment tests and fuzz target. */
#ifndef PEM_CERT_H
#define PEM_CERT_H
#include <stdlib.h>
#include <string.h>
#include <mbedtls/x509_crt.h>

static inline uint8_t *pem_cert_der(const char *pem, size_t *len)
{
	mbedtls_x509_crt crt;
	mbedtls_x509_crt_init(&crt);
	if (mbedtls_x509_crt_parse(&crt, (const uint8_t *)pem, strlen(pem) + 1) != 0)
		abort();
	uint8_t *der = malloc(crt.raw.len);
	memcpy(der, crt.raw.p, crt.raw.len);
	*len = crt.raw.len;
	mbedtls_x509_crt_free(&crt);
	return der;
}

#endif
