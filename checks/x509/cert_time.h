/* cert_time.h - certificate helpers shared by the checks: parse DER or PEM, times as Unix seconds. */
#ifndef PREFLIGHT_CERT_TIME_H
#define PREFLIGHT_CERT_TIME_H
#include <stddef.h>
#include <stdint.h>
#include <mbedtls/x509_crt.h>

/* Parses one certificate in DER or PEM into an initialised crt (appends to its chain). 0 or an mbed TLS error. */
int cert_parse_any(mbedtls_x509_crt *crt, const uint8_t *data, size_t len);
long long x509_time_to_unix(const mbedtls_x509_time *t);
void format_unix_iso(char *out, size_t len, long long t);

#endif
