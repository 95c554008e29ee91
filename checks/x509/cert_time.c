/* cert_time.c - DER-or-PEM parsing and validity times for certificates from cabs and TPMs. */
#include "checks/x509/cert_time.h"
#include "checks/util/utc_time.h"
#include <stdlib.h>
#include <string.h>

int cert_parse_any(mbedtls_x509_crt *crt, const uint8_t *data, size_t len)
{
	static const char pem[] = "-----BEGIN";
	size_t skip = 0;
	while (skip < len && skip < 16 && (data[skip] == ' ' || data[skip] == '\r' || data[skip] == '\n' || data[skip] == 0xEF ||
					   data[skip] == 0xBB || data[skip] == 0xBF))
		skip++; /* whitespace or a UTF-8 byte-order mark before PEM */
	if (len - skip < sizeof(pem) - 1 || memcmp(data + skip, pem, sizeof(pem) - 1) != 0)
		return mbedtls_x509_crt_parse_der(crt, data, len);
	char *text = malloc(len + 1); /* mbed TLS wants PEM NUL-terminated, length counting the NUL */
	if (!text)
		return MBEDTLS_ERR_X509_ALLOC_FAILED;
	memcpy(text, data, len);
	text[len] = 0;
	int r = mbedtls_x509_crt_parse(crt, (const unsigned char *)text, len + 1);
	free(text);
	return r;
}

long long x509_time_to_unix(const mbedtls_x509_time *t)
{
	return civil_to_unix(t->year, t->mon, t->day, t->hour, t->min, t->sec);
}

void format_unix_iso(char *out, size_t len, long long t)
{
	format_utc_iso(out, len, t);
}
