/*
 * authenticode.h - an Authenticode signature: a PKCS#7 SignedData (RFC 2315
 * 9.1) whose content is a SpcIndirectDataContent carrying the digest of the
 * signed file ("Windows Authenticode Portable Executable Signature Format",
 * Microsoft, section "Authenticode Signature Format"), read with the bounded
 * DER reader. Verification (authenticode_verify) checks the signer's
 * authenticated attributes, its RSA signature and its chain to a given root.
 */
#ifndef PREFLIGHT_AUTHENTICODE_H
#define PREFLIGHT_AUTHENTICODE_H
#include <stddef.h>
#include <stdint.h>
#include <mbedtls/md.h>
#include <mbedtls/x509_crt.h>
#include "checks/x509/der.h"

enum { AUTHENTICODE_MAX = 256 * 1024 };

struct authenticode {
	struct der indirect_content;   /* the SpcIndirectDataContent's contents: what messageDigest covers */
	mbedtls_md_type_t file_md;     /* the signed file's digest: algorithm and value */
	struct der file_digest;
	struct der certificates;       /* the contents of SignedData's certificates [0] */
	struct der signer_issuer;      /* the first SignerInfo: issuer Name (whole TLV) and serial (contents) */
	struct der signer_serial;
	mbedtls_md_type_t signer_md;
	struct der signed_attributes;  /* authenticatedAttributes, whole [0] IMPLICIT TLV */
	struct der signature;          /* encryptedDigest */
};

/* Reads the DER; 0, or -1 with a reason naming the part that is wrong or unsupported. */
int authenticode_parse(const uint8_t *p, size_t len, struct authenticode *a, const char **why);

/* Checks the first SignerInfo: contentType and messageDigest attributes, the RSA signature over the attributes, and
 * that its certificate chains through the SignedData's certificates to `root` with every signature verified, each
 * CA allowed to sign certificates, and the signer allowed to sign code (EKU codeSigning). Validity is judged at
 * `signed_on` (Unix time) instead of now; see authenticode_verify.c. Returns 0 with the signer's common name in
 * signer, or -1 with a reason in why. */
int authenticode_verify(const struct authenticode *a, mbedtls_x509_crt *root, long long signed_on, char *signer,
			size_t signer_len, char *why, size_t why_len);

#endif
