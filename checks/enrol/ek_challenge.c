/* ek_challenge.c - see ek_challenge.h. */
#include "checks/enrol/ek_challenge.h"
#include "checks/enrol/der_writer.h"
#include "checks/enrol/enrol_oids.h"
#include <mbedtls/platform_util.h>
#include <stdlib.h>
#include <string.h>
#include <tss2/tss2_mu.h>

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The blob: header, then exactly a TPM2B_ID_OBJECT and a TPM2B_ENCRYPTED_SECRET in challengeSize bytes. */
static const char *read_blob(struct der blob, struct ek_challenge *out)
{
	if (blob.len < EK_CHALLENGE_HEADER)
		return "its challenge is shorter than its 24-byte header";
	out->magic = le32(blob.p);
	out->version = le32(blob.p + 4);
	out->platform = le32(blob.p + 8);
	uint32_t header = le32(blob.p + 12), size = le32(blob.p + 16);
	if (header < EK_CHALLENGE_HEADER || header > blob.len || size > blob.len - header)
		return "its challenge header announces more bytes than it has";
	const uint8_t *body = blob.p + header;
	size_t off = 0;
	if (Tss2_MU_TPM2B_ID_OBJECT_Unmarshal(body, size, &off, &out->credential) != TSS2_RC_SUCCESS ||
	    Tss2_MU_TPM2B_ENCRYPTED_SECRET_Unmarshal(body, size, &off, &out->secret) != TSS2_RC_SUCCESS)
		return "its challenge is not a TPM2B_ID_OBJECT and a TPM2B_ENCRYPTED_SECRET";
	if (off != size)
		return "its challenge has bytes after the encrypted secret";
	if (!out->credential.size || !out->secret.size)
		return "its challenge's credential or secret is empty";
	return NULL;
}

int ek_challenge_read(const uint8_t *p, size_t len, struct ek_challenge *out, const char **why)
{
	struct der in = { p, len }, set, seq, values, blob;
	memset(out, 0, sizeof(*out));
	*why = NULL;
	if (!der_expect(&in, DER_SET, &set, NULL) || in.len)
		*why = "it is not one DER SET";
	else if (!der_expect(&set, DER_SEQUENCE, &seq, NULL) || !der_expect(&seq, DER_OID, &out->oid, NULL) ||
		 !der_expect(&seq, DER_SET, &values, NULL) || seq.len || !der_expect(&values, DER_OCTET_STRING, &blob, NULL) ||
		 values.len)
		*why = "its first element is not SEQUENCE { OID, SET { OCTET STRING } }";
	else if (!der_next(&set, &(uint8_t){ 0 }, &(struct der){ 0 }, &out->server_context) || set.len)
		*why = "it has no server context after the challenge (or more than one element)";
	else if (out->server_context.len > SERVER_CONTEXT_MAX)
		*why = "its server context is larger than 64 KiB";
	else
		*why = read_blob(blob, out);
	return *why ? -1 : 0;
}

uint8_t *ek_challenge_answer(const TPM2B_DIGEST *recovered, const struct der *server_context,
			     const struct cert_facts *ra_encryption, struct enrol_rng *rng, size_t *len, const char **why)
{
	size_t inner_len = 0;
	*len = 0;
	if (recovered->size > sizeof(recovered->buffer)) {
		*why = "the recovered credential is longer than a digest";
		return NULL;
	}
	uint8_t *inner = cms_envelope(ra_encryption, recovered->buffer, recovered->size, rng, &inner_len, why);
	if (!inner)
		return NULL;
	struct der_writer w;
	dw_init(&w);
	dw_begin(&w, DER_SET); /* in this order, as the public client marshals it (akscep.go GetCertInner) */
	dw_begin(&w, DER_SEQUENCE);
	dw_oid(&w, OID_MS_SCEP_CHALLENGE_ANSWER, sizeof(OID_MS_SCEP_CHALLENGE_ANSWER));
	dw_begin(&w, DER_SET);
	dw_raw(&w, inner, inner_len);
	dw_end(&w);
	dw_end(&w);
	dw_raw(&w, server_context->p, server_context->len);
	dw_end(&w);
	free(inner);
	uint8_t *out = dw_finish(&w, len);
	if (!out)
		*why = "out of memory";
	return out;
}
