/*
 * ek_nv_unwrap.h - the certificates inside an EK NV index (docs/attestation-facts.md §4):
 * plain DER, DER behind the TCG PC Client stored-certificate header
 * (10 01 00 <size16> [10 02]), trailing 0x00/0xFF padding (ST33 pads to
 * 1600 bytes), or several DER certificates back to back (the EK chain
 * indices 0x01C00100+). The outer SEQUENCE length decides where each ends.
 */
#ifndef PREFLIGHT_EK_NV_UNWRAP_H
#define PREFLIGHT_EK_NV_UNWRAP_H
#include <stdbool.h>
#include "checks/x509/der.h"

enum { NV_CERTS_MAX = 8 };

struct nv_certs {
	size_t count;
	struct der certs[NV_CERTS_MAX];
	bool tcg_header;     /* the stored-certificate header was present */
	size_t padding;      /* bytes of 0x00/0xFF after the last certificate */
	bool truncated;      /* a certificate's length runs past the data */
	size_t junk;         /* other bytes after the last certificate */
};

void ek_nv_unwrap(const uint8_t *data, size_t len, struct nv_certs *out);
/* One sentence on what was found, e.g. "1 certificate, 523 bytes of padding after it". */
void ek_nv_describe(const struct nv_certs *n, char *out, size_t len);

#endif
