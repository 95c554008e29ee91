/* ftpm_ek_reply.c - see ftpm_ek_reply.h. Base64 per RFC 4648 4 (PEM) and 5 (base64url, Intel). */
#include "checks/ekcert/ftpm_ek_reply.h"
#include "checks/util/json_reader.h"
#include <mbedtls/base64.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* base64 or base64url text, with or without padding, whitespace ignored, into der. */
static int decode_base64(const char *text, size_t len, uint8_t *der, size_t cap, size_t *der_len)
{
	char *clean = malloc(len + 4);
	if (!clean)
		return -1;
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		char ch = text[i];
		if (ch == ' ' || ch == '\r' || ch == '\n' || ch == '\t')
			continue;
		clean[n++] = ch == '-' ? '+' : ch == '_' ? '/' : ch;
	}
	while (n % 4)
		clean[n++] = '=';
	int r = mbedtls_base64_decode(der, cap, der_len, (const unsigned char *)clean, n);
	free(clean);
	return r == 0 && *der_len ? 0 : -1;
}

static int from_pem(const char *text, size_t len, uint8_t *der, size_t cap, size_t *der_len, char *why, size_t why_len)
{
	static const char begin[] = "-----BEGIN CERTIFICATE-----", end[] = "-----END CERTIFICATE-----";
	const char *b = memmem(text, len, begin, sizeof(begin) - 1);
	const char *body = b ? b + sizeof(begin) - 1 : NULL;
	const char *e = body ? memmem(body, len - (size_t)(body - text), end, sizeof(end) - 1) : NULL;
	if (!e || decode_base64(body, (size_t)(e - body), der, cap, der_len) != 0) {
		snprintf(why, why_len, "the PEM certificate in the answer is malformed");
		return -1;
	}
	return 0;
}

static int from_json(const char *text, size_t len, uint8_t *der, size_t cap, size_t *der_len, char *why, size_t why_len)
{
	struct json_doc doc;
	char reason[120];
	if (json_parse(text, len, &doc, reason, sizeof(reason)) != 0) {
		snprintf(why, why_len, "the JSON answer is malformed: %s", reason);
		return -1;
	}
	const char *cert = json_member_text(&doc, 0, "certificate");
	int r = cert[0] ? decode_base64(cert, strlen(cert), der, cap, der_len) : -1;
	if (r != 0)
		snprintf(why, why_len, cert[0] ? "the \"certificate\" member is not base64url" : "the JSON answer has no \"certificate\" member");
	json_doc_free(&doc);
	return r;
}

int ftpm_ek_reply_decode(const uint8_t *body, size_t len, uint8_t *der, size_t cap, size_t *der_len, char *why,
			 size_t why_len)
{
	size_t skip = 0;
	*der_len = 0;
	while (skip < len && (body[skip] == ' ' || body[skip] == '\r' || body[skip] == '\n' || body[skip] == '\t'))
		skip++;
	if (skip == len) {
		snprintf(why, why_len, "the answer is empty");
		return -1;
	}
	if (body[skip] == 0x30) { /* a DER SEQUENCE */
		if (len - skip > cap) {
			snprintf(why, why_len, "the certificate is larger than %zu bytes", cap);
			return -1;
		}
		memcpy(der, body + skip, len - skip);
		*der_len = len - skip;
		return 0;
	}
	if (body[skip] == '{')
		return from_json((const char *)body + skip, len - skip, der, cap, der_len, why, why_len);
	if (body[skip] == '-')
		return from_pem((const char *)body + skip, len - skip, der, cap, der_len, why, why_len);
	snprintf(why, why_len, "the answer is neither a certificate (DER or PEM) nor Intel's JSON");
	return -1;
}
