/* aik_csr.c - see aik_csr.h. */
#include "checks/enrol/aik_csr.h"
#include "checks/enrol/der_writer.h"
#include "checks/enrol/enrol_oids.h"
#include <mbedtls/sha256.h>
#include <stdlib.h>

static void begin_attribute(struct der_writer *w, const uint8_t *oid, size_t oid_len)
{
	dw_begin(w, DER_SEQUENCE);
	dw_oid(w, oid, oid_len);
	dw_begin(w, DER_SET);
}

static void end_attribute(struct der_writer *w)
{
	dw_end(w);
	dw_end(w);
}

static void extension(struct der_writer *w, const uint8_t *oid, size_t oid_len, const uint8_t *value, size_t n)
{
	dw_begin(w, DER_SEQUENCE);
	dw_oid(w, oid, oid_len);
	dw_tlv(w, DER_OCTET_STRING, value, n);
	dw_end(w);
}

static void client_attributes(struct der_writer *w, const struct aik_csr_input *in)
{
	begin_attribute(w, OID_MS_OS_VERSION, sizeof(OID_MS_OS_VERSION));
	dw_string(w, DER_IA5, in->os_version);
	end_attribute(w);
	begin_attribute(w, OID_MS_SCEP_SIGNER_HASH, sizeof(OID_MS_SCEP_SIGNER_HASH));
	dw_tlv(w, DER_OCTET_STRING, in->scep_signer_hash, sizeof(in->scep_signer_hash));
	end_attribute(w);
	begin_attribute(w, OID_MS_CLIENT_INFO, sizeof(OID_MS_CLIENT_INFO));
	dw_begin(w, DER_SEQUENCE); /* ClientInfo: clientId 5 (certreq), machine, user, process */
	dw_small_int(w, 5);
	dw_string(w, DER_UTF8, in->machine_name);
	dw_string(w, DER_UTF8, in->user_name);
	dw_string(w, DER_UTF8, AIK_CLIENT_PROCESS);
	dw_end(w);
	end_attribute(w);
	begin_attribute(w, OID_MS_KSP_NAME, sizeof(OID_MS_KSP_NAME));
	dw_bmp(w, AIK_KSP_NAME);
	end_attribute(w);
	begin_attribute(w, OID_MS_CSP_INFO, sizeof(OID_MS_CSP_INFO));
	dw_begin(w, DER_SEQUENCE); /* EnrollmentCSPProvider { keySpec 0, name, signature (empty BIT STRING) } */
	dw_small_int(w, 0);
	dw_bmp(w, AIK_KSP_NAME);
	dw_tlv(w, DER_BIT_STRING, (const uint8_t *)"", 1);
	dw_end(w);
	end_attribute(w);
}

static void extension_request(struct der_writer *w, const struct aik_csr_input *in)
{
	static const uint8_t null[] = { DER_NULL, 0 };
	uint8_t ski[2 + sizeof(in->ski)] = { DER_OCTET_STRING, sizeof(in->ski) };
	for (size_t i = 0; i < sizeof(in->ski); i++)
		ski[2 + i] = in->ski[i];
	begin_attribute(w, OID_EXTENSION_REQUEST, sizeof(OID_EXTENSION_REQUEST));
	dw_begin(w, DER_SEQUENCE);
	extension(w, OID_SUBJECT_ALT_NAME, sizeof(OID_SUBJECT_ALT_NAME), in->san.p, in->san.len);
	extension(w, OID_MS_KEY_AFFINITY, sizeof(OID_MS_KEY_AFFINITY), null, sizeof(null));
	extension(w, OID_SUBJECT_KEY_ID, sizeof(OID_SUBJECT_KEY_ID), ski, sizeof(ski));
	dw_end(w);
	end_attribute(w);
}

static uint8_t *request_info(const struct aik_csr_input *in, size_t *len)
{
	struct der_writer w;
	dw_init(&w);
	dw_begin(&w, DER_SEQUENCE);
	dw_small_int(&w, 0);
	dw_tlv(&w, DER_SEQUENCE, NULL, 0); /* the empty subject */
	dw_raw(&w, in->spki, in->spki_len);
	dw_begin(&w, 0xA0);                /* attributes, in Windows' order (not sorted) */
	client_attributes(&w, in);
	extension_request(&w, in);
	begin_attribute(&w, OID_MS_ATTESTATION_STATEMENT, sizeof(OID_MS_ATTESTATION_STATEMENT));
	dw_tlv(&w, DER_OCTET_STRING, in->kast, in->kast_len);
	end_attribute(&w);
	begin_attribute(&w, OID_MS_EK_INFO, sizeof(OID_MS_EK_INFO));
	dw_raw(&w, in->ek_info, in->ek_info_len);
	end_attribute(&w);
	dw_end(&w);
	dw_end(&w);
	return dw_finish(&w, len);
}

uint8_t *aik_csr_build(const struct aik_csr_input *in, size_t *len)
{
	size_t info_len = 0;
	uint8_t *info = request_info(in, &info_len), hash[1 + 32] = { 0 }; /* BIT STRING: no unused bits, the digest */
	*len = 0;
	if (!info)
		return NULL;
	mbedtls_sha256(info, info_len, hash + 1, 0);
	struct der_writer w;
	dw_init(&w);
	dw_begin(&w, DER_SEQUENCE);
	dw_raw(&w, info, info_len);
	dw_alg(&w, OID_SHA256, sizeof(OID_SHA256), true);
	dw_tlv(&w, DER_BIT_STRING, hash, sizeof(hash));
	dw_end(&w);
	free(info);
	return dw_finish(&w, len);
}

uint8_t *aik_ek_info(const struct cert_facts *ek, size_t *len)
{
	struct der_writer w;
	dw_init(&w);
	dw_begin(&w, DER_SEQUENCE);
	dw_raw(&w, ek->spki.p, ek->spki.len);
	dw_raw(&w, ek->whole.p, ek->whole.len);
	dw_end(&w);
	return dw_finish(&w, len);
}
