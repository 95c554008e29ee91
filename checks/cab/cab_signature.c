/*
 * cab_signature.c - see cab_signature.h.
 *
 * Layout ([MS-CAB] 2.1 CFHEADER): signature "MSCF" at 0, reserved1 at 4,
 * cbCabinet at 8, reserved2 12, coffFiles 16, reserved3 20, versionMinor 24,
 * versionMajor 25, cFolders 26, cFiles 28, flags 30, setID 32, iCabinet 34;
 * with flags & 4 (cfhdrRESERVE_PRESENT) cbCFHeader 36, cbCFFolder 38, cbCFData
 * 39 and cbCFHeader bytes of reserve from 40. In a signed CAB the reserve is 20
 * bytes; its bytes 4-11 (file offsets 44-51) hold the signature's offset and
 * size, the signature following the cabinet
 * (https://www.file-recovery.com/cab-signature-format.htm).
 *
 * The Authenticode digest covers the file up to the signature except bytes
 * 4-7 and 34-55 (reserved1, iCabinet, the reserve sizes and the first 16
 * bytes of the reserve, which hold the signature's place): that is, bytes
 * 0-3, 8-33 and 56 up to the signature. This is how Authenticode signing tools
 * for CAB compute it (the public osslsigncode project, cab.c); it is checked
 * against the digests Microsoft signed in both real TrustedTpm.cab files.
 *
 * Since the skipped bytes include cbCFHeader, cbCFFolder and cbCFData, which
 * change how the rest is read, they must be 20, 0 and 0; the cabinet must end
 * where the signature starts, the signature where the file ends, and the
 * folder table lead straight to the files - otherwise bytes outside the
 * digest would decide what the cab holds.
 */
#include "checks/cab/cab_signature.h"
#include "checks/cab/authenticode.h"
#include "checks/cab/ms_code_signing_root.h"
#include <mbedtls/md.h>
#include <stdio.h>
#include <string.h>

enum { HEADER_LEN = 36, SIGNED_RESERVE = 20, SIGNED_HEADER_LEN = HEADER_LEN + 4 + SIGNED_RESERVE, RESERVE_FLAG = 4 };

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

int cab_signature_locate(const uint8_t *cab, size_t len, size_t *sig_offset, size_t *sig_len, const char **why)
{
	*why = NULL;
	if (len < HEADER_LEN || memcmp(cab, "MSCF", 4) != 0) {
		*why = "it is not a CAB file";
		return -1;
	}
	uint16_t flags = le16(cab + 30);
	if (!(flags & RESERVE_FLAG) || len < SIGNED_HEADER_LEN || le16(cab + 36) != SIGNED_RESERVE) {
		*why = "it carries no Authenticode signature";
		return 1;
	}
	*sig_offset = le32(cab + 44);
	*sig_len = le32(cab + 48);
	if (cab[38] != 0 || cab[39] != 0 || (flags & 3) != 0)
		*why = "its header has per-folder or per-block reserves, or names other cabinets: parts the signature "
		       "does not cover";
	else if (*sig_offset < SIGNED_HEADER_LEN || *sig_offset > len || *sig_len > len - *sig_offset ||
		 *sig_offset + *sig_len != len || le32(cab + 8) != *sig_offset)
		*why = "its signature is not where the header says, or bytes follow it";
	else if (le32(cab + 16) != SIGNED_HEADER_LEN + 8u * le16(cab + 26))
		*why = "its folder table does not lead to its file table";
	return *why ? -1 : 0;
}

int cab_authenticode_digest(const uint8_t *cab, size_t sig_offset, int md_type, uint8_t *out)
{
	const mbedtls_md_info_t *info = mbedtls_md_info_from_type((mbedtls_md_type_t)md_type);
	mbedtls_md_context_t ctx;
	mbedtls_md_init(&ctx);
	int r = !info || sig_offset < SIGNED_HEADER_LEN || mbedtls_md_setup(&ctx, info, 0) != 0 || mbedtls_md_starts(&ctx) != 0 ||
		mbedtls_md_update(&ctx, cab, 4) != 0 || mbedtls_md_update(&ctx, cab + 8, 26) != 0 ||
		mbedtls_md_update(&ctx, cab + 56, sig_offset - 56) != 0 || mbedtls_md_finish(&ctx, out) != 0;
	mbedtls_md_free(&ctx);
	return r ? -1 : 0;
}

static enum cab_signature_state refuse(char *why, size_t why_len, const char *reason)
{
	snprintf(why, why_len, "%s", reason);
	return CAB_SIGNATURE_INVALID;
}

/* The signature found: its digest of this file, then its signer and chain. */
static enum cab_signature_state verify_signed(const uint8_t *cab, size_t sig_offset, size_t sig_len, long long signed_on,
					      char *signer, size_t signer_len, char *why, size_t why_len)
{
	struct authenticode a;
	const char *problem;
	uint8_t digest[MBEDTLS_MD_MAX_SIZE];
	if (authenticode_parse(cab + sig_offset, sig_len, &a, &problem) != 0)
		return refuse(why, why_len, problem);
	if (cab_authenticode_digest(cab, sig_offset, a.file_md, digest) != 0 || memcmp(digest, a.file_digest.p, a.file_digest.len) != 0)
		return refuse(why, why_len, "its content does not match the digest that was signed (the file was changed)");
	mbedtls_x509_crt root;
	mbedtls_x509_crt_init(&root);
	int r = ms_code_signing_root(&root);
	if (r != 0)
		snprintf(why, why_len, "the pinned Microsoft root certificate is damaged");
	else
		r = authenticode_verify(&a, &root, signed_on, signer, signer_len, why, why_len);
	mbedtls_x509_crt_free(&root);
	if (r == 0 && strcmp(signer, CAB_SIGNER_NAME) != 0)
		return refuse(why, why_len, "its signer is not \"" CAB_SIGNER_NAME "\"");
	return r == 0 ? CAB_SIGNED_BY_MICROSOFT : CAB_SIGNATURE_INVALID;
}

enum cab_signature_state cab_signature_verify(const uint8_t *cab, size_t len, long long signed_on, char *signer,
					      size_t signer_len, char *why, size_t why_len)
{
	size_t sig_offset = 0, sig_len = 0;
	const char *problem;
	snprintf(signer, signer_len, "%s", "");
	snprintf(why, why_len, "%s", "");
	int found = cab_signature_locate(cab, len, &sig_offset, &sig_len, &problem);
	if (found == 1) {
		snprintf(why, why_len, "%s", problem);
		return CAB_UNSIGNED;
	}
	if (found != 0)
		return refuse(why, why_len, problem);
	/* the DER may be followed by padding to an 8-byte boundary inside the signature area */
	size_t der_len = sig_len >= 2 ? der_tlv_length(cab + sig_offset, sig_len) : 0;
	if (!der_len)
		return refuse(why, why_len, "its signature is not a complete DER structure");
	return verify_signed(cab, sig_offset, der_len, signed_on, signer, signer_len, why, why_len);
}

const char *cab_signature_state_name(enum cab_signature_state s)
{
	static const char *names[] = { "signed-by-microsoft", "unsigned", "invalid" };
	return names[s];
}
