/* test_failure_codes.c - the failure codes set where the cause is decided without a network: certificate
 * verification flags, the proxy's answer to CONNECT, an NTP server's answer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "net/proxy_tunnel.h"
#include "net/sntp_packet.h"
#include "net/tls_session.h"

/* The first flag in the order the words tell them decides; flags with no words of their own fail generically. */
static void verify_flags_map_to_tls_verify_codes(void **state)
{
	assert_string_equal(tls_verify_failure_code(MBEDTLS_X509_BADCERT_EXPIRED), "TLS-VERIFY-EXPIRED");
	assert_string_equal(tls_verify_failure_code(MBEDTLS_X509_BADCERT_FUTURE), "TLS-VERIFY-FUTURE");
	assert_string_equal(tls_verify_failure_code(MBEDTLS_X509_BADCERT_NOT_TRUSTED), "TLS-VERIFY-UNTRUSTED");
	assert_string_equal(tls_verify_failure_code(MBEDTLS_X509_BADCERT_CN_MISMATCH), "TLS-VERIFY-HOSTNAME");
	assert_string_equal(tls_verify_failure_code(MBEDTLS_X509_BADCERT_CN_MISMATCH | MBEDTLS_X509_BADCERT_NOT_TRUSTED),
			    "TLS-VERIFY-HOSTNAME");
	assert_string_equal(tls_verify_failure_code(MBEDTLS_X509_BADCERT_EXPIRED | MBEDTLS_X509_BADCERT_NOT_TRUSTED),
			    "TLS-VERIFY-EXPIRED");
	assert_string_equal(tls_verify_failure_code(MBEDTLS_X509_BADCERT_BAD_KEY), "TLS-VERIFY-FAILED");
	assert_string_equal(tls_verify_failure_code(0), "TLS-VERIFY-FAILED");
}

static int answer(const char *head, char *code)
{
	struct url u = { .https = true, .host = "login.live.com", .port = 443, .path = "/" };
	struct http_options o;
	char err[240];
	http_options_defaults(&o);
	snprintf(o.proxy_host, sizeof(o.proxy_host), "proxy.corp");
	code[0] = 0;
	return proxy_tunnel_answer(head, strlen(head), &u, &o, err, sizeof(err), code);
}

static void proxy_answers_map_to_proxy_codes(void **state)
{
	char code[FAILURE_CODE_MAX];
	assert_int_equal(answer("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n", code), -1);
	assert_string_equal(code, "PROXY-AUTH-REQUIRED");
	assert_int_equal(answer("HTTP/1.1 403 Forbidden\r\n\r\n", code), -1);
	assert_string_equal(code, "PROXY-REFUSED");
	assert_int_equal(answer("SSH-2.0-OpenSSH_9.6\r\n\r\n", code), -1);
	assert_string_equal(code, "PROXY-BAD-ANSWER");
	assert_int_equal(answer("HTTP/1.1 200 Connection established\r\n\r\n", code), 0);
	assert_string_equal(code, "");
	assert_int_equal(answer("HTTP/1.1 200 Conn", code), 1);
	assert_string_equal(code, "");
}

/* A server answer (RFC 5905 7.3) to the request carrying cookie, with the given stratum, leap and reference. */
static void ntp_answer(uint8_t p[SNTP_PACKET_LEN], uint64_t cookie, int stratum, int leap, const char *reference)
{
	memset(p, 0, SNTP_PACKET_LEN);
	p[0] = (uint8_t)(leap << 6 | 4 << 3 | 4);
	p[1] = (uint8_t)stratum;
	memcpy(p + 12, reference, strlen(reference) < 4 ? strlen(reference) : 4);
	for (int i = 0; i < 8; i++)
		p[24 + i] = (uint8_t)(cookie >> (56 - 8 * i)); /* the originate stamp echoes the request's */
	p[40] = 0xe9; /* transmit: NTP second 0xe9000000, in 2023 */
}

static void ntp_answers_map_to_ntp_codes(void **state)
{
	uint8_t p[SNTP_PACKET_LEN];
	struct sntp_answer a;
	char why[160], code[FAILURE_CODE_MAX];
	ntp_answer(p, 42, 0, 0, "RATE");
	assert_int_equal(sntp_answer_parse(p, sizeof(p), 42, &a, why, sizeof(why), code), -2);
	assert_string_equal(code, "NTP-KISS-OF-DEATH");
	assert_non_null(strstr(why, "kiss code RATE"));
	ntp_answer(p, 42, 2, 3, "");
	assert_int_equal(sntp_answer_parse(p, sizeof(p), 42, &a, why, sizeof(why), code), -2);
	assert_string_equal(code, "NTP-UNSYNCHRONISED");
	ntp_answer(p, 41, 2, 0, "");
	assert_int_equal(sntp_answer_parse(p, sizeof(p), 42, &a, why, sizeof(why), code), -1); /* someone else's */
	assert_string_equal(code, "NTP-BAD-ANSWER");
	assert_int_equal(sntp_answer_parse(p, 20, 41, &a, why, sizeof(why), code), -1);
	assert_string_equal(code, "NTP-BAD-ANSWER");
	code[0] = 0;
	assert_int_equal(sntp_answer_parse(p, sizeof(p), 41, &a, why, sizeof(why), code), 0);
	assert_string_equal(code, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(verify_flags_map_to_tls_verify_codes),
		cmocka_unit_test(proxy_answers_map_to_proxy_codes),
		cmocka_unit_test(ntp_answers_map_to_ntp_codes),
	};
	return cmocka_run_group_tests_name("network failure codes", tests, NULL, NULL);
}
