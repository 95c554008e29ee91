/* ek_nv_unwrap.c - find the DER certificates in NV contents. */
#include "checks/ekcert/ek_nv_unwrap.h"
#include <stdio.h>
#include <string.h>

/* TCG PC Client Specific Implementation Specification for Conventional BIOS, 7.4.5: TCG_PCCLIENT_STORED_CERT
 * (tag 0x1001, certType 0 = full certificate, u16 size) holding TCG_FULL_CERT (tag 0x1002, certificate). */
static size_t skip_tcg_header(const uint8_t *data, size_t len, struct nv_certs *out)
{
	if (len < 5 || data[0] != 0x10 || data[1] != 0x01 || data[2] != 0x00)
		return 0;
	out->tcg_header = true;
	return len >= 7 && data[5] == 0x10 && data[6] == 0x02 ? 7 : 5;
}

void ek_nv_unwrap(const uint8_t *data, size_t len, struct nv_certs *out)
{
	memset(out, 0, sizeof(*out));
	size_t pos = skip_tcg_header(data, len, out);
	while (pos < len) {
		if (data[pos] != 0x30)
			break;
		size_t n = der_tlv_length(data + pos, len - pos);
		if (n == 0) {
			out->truncated = true;
			return;
		}
		if (out->count < NV_CERTS_MAX)
			out->certs[out->count++] = (struct der){ data + pos, n };
		pos += n;
	}
	size_t rest = len - pos, pad = 0;
	while (pad < rest && (data[pos + pad] == 0x00 || data[pos + pad] == 0xFF))
		pad++;
	out->padding = pad;
	out->junk = rest - pad;
}

void ek_nv_describe(const struct nv_certs *n, char *out, size_t len)
{
	snprintf(out, len, "%zu certificate%s%s%s%s", n->count, n->count == 1 ? "" : "s",
		 n->tcg_header ? ", behind a TCG stored-certificate header" : "",
		 n->truncated ? ", the last one truncated" : "", n->junk ? ", unexpected bytes after them" : "");
	if (n->padding) {
		size_t used = strlen(out);
		snprintf(out + used, len - used, ", %zu bytes of padding", n->padding);
	}
}
