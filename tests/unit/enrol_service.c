/* enrol_service.c - see enrol_service.h. */
#include "enrol_service.h"
#include <mbedtls/sha256.h>
#include <mbedtls/x509_crt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tss2/tss2_mu.h>
#include "checks/enrol/cms_envelope.h"
#include "checks/enrol/cms_signed.h"
#include "checks/enrol/der_writer.h"
#include "checks/enrol/enrol_oids.h"
#include "checks/trust/trust_store.h"
#include "enrol_test_pki.h"
#include "pem_cert.h"

/* A reproducible random source: xorshift, seeded per service; `fails` makes it refuse. */
static uint64_t rnd_state = 0x9E3779B97F4A7C15ull;
static bool rnd_fails;

static int test_random(uint8_t *out, size_t len)
{
	if (rnd_fails)
		return -1;
	for (size_t i = 0; i < len; i++) {
		rnd_state ^= rnd_state << 13;
		rnd_state ^= rnd_state >> 7;
		rnd_state ^= rnd_state << 17;
		out[i] = (uint8_t)(rnd_state >> 24);
	}
	return 0;
}

static uint8_t *copy_text(const char *text)
{
	size_t n = strlen(text) + 1;
	uint8_t *p = malloc(n);
	memcpy(p, text, n);
	return p;
}

static void key(mbedtls_pk_context *pk, const char *pem, struct enrol_rng *rng)
{
	mbedtls_pk_init(pk);
	if (mbedtls_pk_parse_key(pk, (const uint8_t *)pem, strlen(pem) + 1, NULL, 0, enrol_rng_fill, rng) != 0)
		abort();
}

static void facts(const uint8_t *der, size_t len, struct cert_facts *f)
{
	const char *why;
	if (cert_facts_parse(der, len, f, &why) != 0)
		abort();
}

/* The AIK of the test TPM: the modulus of pki_aik_key, Windows' template, and stand-in creation data,
 * CertifyCreation and signature (the service double does not check them; kast.c marshals them). */
static void make_tpm(struct svc *s)
{
	mbedtls_pk_context aik;
	key(&aik, pki_aik_key, &s->rng);
	TPMT_PUBLIC *p = &s->tpm.aik_public.publicArea;
	p->type = TPM2_ALG_RSA;
	p->nameAlg = TPM2_ALG_SHA256;
	p->objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN |
			      TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_NODA | TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_SIGN_ENCRYPT;
	p->parameters.rsaDetail.symmetric.algorithm = TPM2_ALG_NULL;
	p->parameters.rsaDetail.scheme.scheme = TPM2_ALG_RSASSA;
	p->parameters.rsaDetail.scheme.details.rsassa.hashAlg = TPM2_ALG_SHA256;
	p->parameters.rsaDetail.keyBits = 2048;
	p->unique.rsa.size = 256;
	mbedtls_rsa_export_raw(mbedtls_pk_rsa(aik), p->unique.rsa.buffer, 256, NULL, 0, NULL, 0, NULL, 0, NULL, 0);
	mbedtls_pk_free(&aik);
	s->tpm.creation.creationData.parentNameAlg = TPM2_ALG_SHA256;
	s->tpm.creation.creationData.pcrDigest.size = 32;
	s->tpm.attest.size = 64;
	memset(s->tpm.attest.attestationData, 0xA5, 64);
	memcpy(s->tpm.attest.attestationData, "\xFF" "TCG\x80\x1A", 6); /* TPM_GENERATED_VALUE, TPM_ST_ATTEST_CREATION */
	s->tpm.signature.sigAlg = TPM2_ALG_RSASSA;
	s->tpm.signature.signature.rsassa.hash = TPM2_ALG_SHA256;
	s->tpm.signature.signature.rsassa.sig.size = 256;
	memset(s->tpm.signature.signature.rsassa.sig.buffer, 0x5A, 256);
}

void svc_init(struct svc *s)
{
	memset(s, 0, sizeof(*s));
	rnd_state = 0x9E3779B97F4A7C15ull;
	rnd_fails = false;
	s->rng.random = test_random;
	key(&s->root, pki_root_key, &s->rng);
	key(&s->aikca, pki_aikca_key, &s->rng);
	key(&s->ras, pki_ras_key, &s->rng);
	key(&s->rae, pki_rae_key, &s->rng);
	const char *pems[4] = { pki_root_pem, pki_aikca_pem, pki_ras_pem, pki_rae_pem };
	for (int i = 0; i < 4; i++)
		s->der[i] = pem_cert_der(pems[i], &s->der_len[i]);
	facts(s->der[1], s->der_len[1], &s->aikca_facts);
	facts(s->der[2], s->der_len[2], &s->ras_facts);
	facts(s->der[3], s->der_len[3], &s->rae_facts);
	s->ek_der = pem_cert_der(pki_ek_pem, &s->ek_len);
	s->ekca_der = pem_cert_der(pki_ekca_pem, &s->ekca_len);
	s->client_key_pem = (uint8_t *)pki_client_key;
	s->client_key_len = strlen(pki_client_key) + 1;
	if (!aik_id_find(s->aikca_facts.subject_cn, &s->id))
		abort();
	make_tpm(s);
}

void svc_free(struct svc *s)
{
	mbedtls_pk_free(&s->root);
	mbedtls_pk_free(&s->aikca);
	mbedtls_pk_free(&s->ras);
	mbedtls_pk_free(&s->rae);
	for (int i = 0; i < 4; i++)
		free(s->der[i]);
	for (int i = 0; i < 3; i++)
		free(s->answers[i]);
	free(s->ek_der);
	free(s->ekca_der);
	free(s->pkcs_req);
	free(s->claim);
	free(s->csr);
	rnd_fails = false;
}

void svc_identity(struct svc *s, struct aik_enrol_identity *id, const uint8_t **chain, size_t *chain_len)
{
	memset(id, 0, sizeof(*id));
	id->ek_cert = s->ek_der;
	id->ek_cert_len = s->ek_len;
	chain[0] = s->ekca_der;
	chain_len[0] = s->ekca_len;
	id->ek_chain = chain;
	id->ek_chain_len = chain_len;
	id->ek_chain_count = 1;
	id->os_version = "10.0.26100.2";
	id->machine_name = "DESKTOP-TEST123";
}

struct trust_store *svc_store(struct svc *s)
{
	struct { struct trust_store t; struct trust_file f[2]; struct cab_entry e[2]; char n[2][128]; } *b = calloc(1, sizeof(*b));
	snprintf(b->n[0], sizeof(b->n[0]), "Microsoft/RootCA/TestTpmRoot.cer");
	snprintf(b->n[1], sizeof(b->n[1]), "Microsoft/IntermediateCA/EUS-%s.cer", s->id.canonical);
	for (int i = 0; i < 2; i++) {
		b->e[i].name = b->n[i];
		b->e[i].data = s->der[i];
		b->e[i].len = s->der_len[i];
		b->f[i].entry = &b->e[i];
	}
	b->f[0].role = ROLE_AIK_ROOT;
	b->f[1].role = ROLE_AIK_CA;
	b->f[1].has_id = true;
	b->f[1].id = s->id;
	b->t.files = b->f;
	b->t.count = 2;
	return &b->t; /* the first member: freeing it frees the block */
}

void svc_store_free(struct trust_store *t)
{
	free(t);
}

/* A certs-only SignedData (RFC 8894 3.4) of the given certificates. */
static uint8_t *certs_only(uint8_t *const *der, const size_t *len, size_t n, size_t *out_len)
{
	struct der_writer w;
	dw_init(&w);
	dw_begin(&w, DER_SEQUENCE);
	dw_oid(&w, OID_ID_SIGNED_DATA, sizeof(OID_ID_SIGNED_DATA));
	dw_begin(&w, 0xA0);
	dw_begin(&w, DER_SEQUENCE);
	dw_small_int(&w, 1);
	dw_begin(&w, DER_SET);
	dw_end(&w);
	dw_begin(&w, DER_SEQUENCE);
	dw_oid(&w, OID_ID_DATA, sizeof(OID_ID_DATA));
	dw_end(&w);
	dw_begin(&w, 0xA0);
	for (size_t i = 0; i < n; i++)
		dw_raw(&w, der[i], len[i]);
	dw_end(&w);
	dw_begin(&w, DER_SET);
	dw_end(&w);
	dw_end(&w);
	dw_end(&w);
	dw_end(&w);
	return dw_finish(&w, out_len);
}

/* A certificate for `subject_key` (a public key, DER SPKI) issued by `issuer`, as the AIK CA issues AIK certificates. */
static uint8_t *issue(struct svc *s, const uint8_t *spki, size_t spki_len, mbedtls_pk_context *issuer_key,
		      const char *issuer_name, bool eku, size_t *len)
{
	static const uint8_t eku_aik[] = { 0x30, 0x07, 0x06, 0x05, 0x67, 0x81, 0x05, 0x08, 0x03 };
	static const uint8_t serial[] = { 0x33, 0x00, 0x00, 0x01, 0x23, 0x45, 0x67, 0x89 };
	mbedtls_pk_context pub;
	mbedtls_x509write_cert crt;
	uint8_t buf[4096];
	mbedtls_pk_init(&pub);
	mbedtls_x509write_crt_init(&crt);
	if (mbedtls_pk_parse_public_key(&pub, spki, spki_len) != 0)
		abort();
	mbedtls_x509write_crt_set_subject_key(&crt, &pub);
	mbedtls_x509write_crt_set_issuer_key(&crt, issuer_key);
	mbedtls_x509write_crt_set_md_alg(&crt, MBEDTLS_MD_SHA256);
	mbedtls_x509write_crt_set_serial_raw(&crt, (uint8_t *)serial, sizeof(serial));
	mbedtls_x509write_crt_set_validity(&crt, "20250101000000", "20400101000000");
	mbedtls_x509write_crt_set_issuer_name(&crt, issuer_name);
	mbedtls_x509write_crt_set_subject_name(&crt, "CN=AIK");
	if (eku)
		mbedtls_x509write_crt_set_extension(&crt, "\x55\x1D\x25", 3, 0, eku_aik, sizeof(eku_aik));
	int n = mbedtls_x509write_crt_der(&crt, buf, sizeof(buf), enrol_rng_fill, &s->rng);
	mbedtls_x509write_crt_free(&crt);
	mbedtls_pk_free(&pub);
	if (n <= 0)
		abort();
	uint8_t *out = malloc((size_t)n);
	memcpy(out, buf + sizeof(buf) - n, (size_t)n);
	*len = (size_t)n;
	return out;
}


static bool read_attrs(struct der attrs, struct svc_request *r)
{
	struct der attr, oid, set, value;
	uint8_t tag;
	while (der_expect(&attrs, DER_SEQUENCE, &attr, NULL)) {
		if (!der_expect(&attr, DER_OID, &oid, NULL) || !der_expect(&attr, DER_SET, &set, NULL) ||
		    !der_next(&set, &tag, &value, NULL))
			return false;
		if (der_oid_is(&oid, OID_SCEP_SENDER_NONCE, sizeof(OID_SCEP_SENDER_NONCE)))
			r->nonce = value;
		else if (der_oid_is(&oid, OID_SCEP_TRANSACTION_ID, sizeof(OID_SCEP_TRANSACTION_ID)))
			r->txid = value;
		else if (der_oid_is(&oid, OID_SCEP_MESSAGE_TYPE, sizeof(OID_SCEP_MESSAGE_TYPE)))
			r->type = value;
	}
	return r->nonce.len == SCEP_NONCE_LEN && r->txid.len && r->type.len;
}

static bool verify(const struct cert_facts *c, struct der attrs_whole, struct der sig)
{
	uint8_t hash[32], tag = DER_SET;
	mbedtls_sha256_context h;
	mbedtls_pk_context pk;
	mbedtls_sha256_init(&h);
	mbedtls_sha256_starts(&h, 0);
	mbedtls_sha256_update(&h, &tag, 1);
	mbedtls_sha256_update(&h, attrs_whole.p + 1, attrs_whole.len - 1);
	mbedtls_sha256_finish(&h, hash);
	mbedtls_sha256_free(&h);
	mbedtls_pk_init(&pk);
	bool ok = mbedtls_pk_parse_public_key(&pk, c->spki.p, c->spki.len) == 0 &&
		  mbedtls_pk_verify(&pk, MBEDTLS_MD_SHA256, hash, 32, sig.p, sig.len) == 0;
	mbedtls_pk_free(&pk);
	return ok;
}

bool svc_read_request(const uint8_t *p, size_t len, struct svc_request *r)
{
	struct der in = { p, len }, ci, x, sd, v, encap, certs, infos, si, sid, alg, attrs, attrs_whole, sig;
	const char *why;
	memset(r, 0, sizeof(*r));
	if (!der_expect(&in, DER_SEQUENCE, &ci, NULL) || !der_expect(&ci, DER_OID, &v, NULL) ||
	    !der_expect(&ci, 0xA0, &x, NULL) || !der_expect(&x, DER_SEQUENCE, &sd, NULL) ||
	    !der_expect(&sd, DER_INTEGER, &v, NULL) || !der_expect(&sd, DER_SET, &v, NULL) ||
	    !der_expect(&sd, DER_SEQUENCE, &encap, NULL) || !der_expect(&encap, DER_OID, &v, NULL) ||
	    !der_expect(&encap, 0xA0, &x, NULL) || !der_expect(&x, DER_OCTET_STRING, &r->content, NULL) ||
	    !der_expect(&sd, 0xA0, &certs, NULL) || !der_expect(&certs, DER_SEQUENCE, &v, &r->cert) ||
	    !der_expect(&sd, DER_SET, &infos, NULL) || !der_expect(&infos, DER_SEQUENCE, &si, NULL) ||
	    !der_expect(&si, DER_INTEGER, &v, NULL) || !der_expect(&si, DER_SEQUENCE, &sid, NULL) ||
	    !der_expect(&si, DER_SEQUENCE, &alg, NULL) || !der_expect(&si, 0xA0, &attrs, &attrs_whole) ||
	    !der_expect(&si, DER_SEQUENCE, &alg, NULL) || !der_expect(&si, DER_OCTET_STRING, &sig, NULL))
		return false;
	return cert_facts_parse(r->cert.p, r->cert.len, &r->client, &why) == 0 && read_attrs(attrs, r) &&
	       verify(&r->client, attrs_whole, sig);
}

static uint8_t *open_to_ra(struct svc *s, struct der env, size_t *len)
{
	const char *why;
	return cms_open_envelope(env.p, env.len, &s->rae_facts, &s->rae, &s->rng, len, &why);
}

/* The service's CertRep to request `req`, with `plain` enveloped to the client; `mode` spoils one thing. */
static uint8_t *certrep(struct svc *s, const struct svc_request *req, const char *status, const uint8_t *plain,
			size_t plain_len, enum svc_answer mode, size_t *len)
{
	uint8_t sender[SCEP_NONCE_LEN], recipient[SCEP_NONCE_LEN], *env = NULL;
	char txid[80];
	const char *why;
	size_t env_len = 0;
	test_random(sender, sizeof(sender));
	memcpy(recipient, req->nonce.p, SCEP_NONCE_LEN);
	snprintf(txid, sizeof(txid), "%.*s", (int)req->txid.len, (const char *)req->txid.p);
	if (mode == SVC_WRONG_NONCE)
		recipient[0] ^= 1;
	if (mode == SVC_WRONG_TXID)
		txid[0] = txid[0] == '0' ? '1' : '0';
	if (plain)
		env = cms_envelope(&req->client, plain, plain_len, &s->rng, &env_len, &why);
	struct scep_message m = { SCEP_CERT_REP, status, strcmp(status, "2") == 0 ? "2" : NULL, txid, sender, recipient,
				  env, env_len, &s->ras_facts, mode == SVC_WRONG_SIGNER ? &s->rae : &s->ras, NULL, NULL, 0 };
	if (mode == SVC_NO_SCEP_ATTRIBUTES)
		m.message_type = m.pki_status = m.fail_info = m.transaction_id = NULL, m.sender_nonce = m.recipient_nonce = NULL;
	uint8_t *out = scep_sign(&m, &s->rng, len, &why);
	free(env);
	if (out && mode == SVC_BAD_SIGNATURE)
		out[*len - 5] ^= 0x40; /* the signature is the message's last element */
	return out;
}

/* The challenge (ek_challenge.h), and what the fake TPM will recover from it. */
static uint8_t *challenge(struct svc *s, size_t *len)
{
	TPM2B_ID_OBJECT cred = { .size = 48 };
	TPM2B_ENCRYPTED_SECRET secret = { .size = 256 };
	uint8_t blob[24 + sizeof(cred) + sizeof(secret)] = { 0x4B, 0x41, 0x43, 0x54, 1, 0, 0, 0, 2, 0, 0, 0, 24 };
	size_t off = 24;
	test_random(cred.credential, cred.size);
	test_random(secret.secret, secret.size);
	Tss2_MU_TPM2B_ID_OBJECT_Marshal(&cred, blob, sizeof(blob), &off);
	Tss2_MU_TPM2B_ENCRYPTED_SECRET_Marshal(&secret, blob, sizeof(blob), &off);
	blob[16] = (uint8_t)(off - 24);
	blob[17] = (uint8_t)((off - 24) >> 8);
	mbedtls_sha256_context h;
	mbedtls_sha256_init(&h);
	mbedtls_sha256_starts(&h, 0);
	mbedtls_sha256_update(&h, cred.credential, cred.size);
	mbedtls_sha256_update(&h, secret.secret, secret.size);
	mbedtls_sha256_finish(&h, s->expected_answer);
	mbedtls_sha256_free(&h);
	struct der_writer w;
	dw_init(&w);
	dw_begin(&w, DER_SET);
	dw_begin(&w, DER_SEQUENCE);
	dw_oid(&w, OID_MS_ATTESTATION_CHALLENGE, sizeof(OID_MS_ATTESTATION_CHALLENGE));
	dw_begin(&w, DER_SET);
	dw_tlv(&w, DER_OCTET_STRING, blob, off);
	dw_end(&w);
	dw_end(&w);
	dw_tlv(&w, DER_OCTET_STRING, (const uint8_t *)"server context 42", 17);
	dw_end(&w);
	return dw_finish(&w, len);
}

/* The AIK certificate the scenario asks for, in its container. */
static uint8_t *certificate(struct svc *s, size_t *len)
{
	struct der in = { s->csr, s->csr_len }, req, info, v, spki;
	der_expect(&in, DER_SEQUENCE, &req, NULL);
	der_expect(&req, DER_SEQUENCE, &info, NULL);
	der_expect(&info, DER_INTEGER, &v, NULL);
	der_expect(&info, DER_SEQUENCE, &v, NULL);
	der_expect(&info, DER_SEQUENCE, &v, &spki);
	if (s->cert == CERT_OTHER_KEY)
		spki = s->ras_facts.spki;
	char issuer[160];
	snprintf(issuer, sizeof(issuer), "CN=%s", s->aikca_facts.subject_cn);
	size_t n;
	uint8_t *cert = issue(s, spki.p, spki.len, s->cert == CERT_OTHER_ISSUER ? &s->ras : &s->aikca, issuer,
			      s->cert != CERT_NO_EKU, &n);
	if (s->cert == CERT_BARE) {
		*len = n;
		return cert;
	}
	uint8_t *der[2] = { cert, s->der[1] };
	size_t lens[2] = { n, s->der_len[1] };
	uint8_t *out = certs_only(der, lens, 2, len);
	free(cert);
	return out;
}

static int reply(struct svc *s, int idx, enum svc_answer mode, uint8_t *good, size_t good_len, struct http_result *out)
{
	static const char portal[] = "<html><body>Accept the terms to continue.</body></html>\n";
	memset(out, 0, sizeof(*out));
	if (mode == SVC_UNREACHABLE) {
		free(good);
		out->failed = HTTP_CONNECT;
		snprintf(out->error, sizeof(out->error), "connection refused");
		snprintf(out->code, sizeof(out->code), "NET-CONNECT-REFUSED");
		return -1;
	}
	out->head.status = 200;
	snprintf(out->head.content_type, sizeof(out->head.content_type), "application/x-pki-message");
	if (mode == SVC_HTTP) {
		free(good);
		char body[400];
		snprintf(body, sizeof(body), "{\"Message\":\"%s\"}", s->json_message ? s->json_message : "");
		good = copy_text(body);
		good_len = strlen(body);
		out->head.status = s->http_status;
		snprintf(out->head.content_type, sizeof(out->head.content_type), "application/json");
		snprintf(out->head.retry_after, sizeof(out->head.retry_after), "%s", s->retry_after ? s->retry_after : "");
	} else if (mode == SVC_GARBAGE) {
		free(good);
		good = copy_text(portal);
		good_len = strlen(portal);
	} else if (mode == SVC_TRUNCATED)
		good_len /= 2;
	out->body = good;
	out->body_len = good_len;
	free(s->answers[idx]);
	s->answers[idx] = malloc(good_len ? good_len : 1);
	memcpy(s->answers[idx], good, good_len);
	s->answers_len[idx] = good_len;
	return 0;
}

static uint8_t *chain_body(struct svc *s, size_t *len)
{
	if (s->chain == CHAIN_GARBAGE_BODY) {
		*len = 7;
		return copy_text("garbage");
	}
	uint8_t *der[4] = { s->der[2], s->der[3], s->der[1], s->der[0] };
	size_t lens[4] = { s->der_len[2], s->der_len[3], s->der_len[1], s->der_len[0] };
	if (s->chain == CHAIN_NO_RA)
		return certs_only(der + 2, lens + 2, 2, len);
	if (s->chain == CHAIN_OTHER_ROOT) /* the RA's certificate as the root: not Microsoft's */
		return certs_only(der, lens, 3, len);
	return certs_only(der, lens, 4, len);
}

static int svc_get(void *ctx, const char *url, struct http_result *out)
{
	struct svc *s = ctx;
	size_t len = 0;
	s->gets++;
	snprintf(s->last_url, sizeof(s->last_url), "%s", url);
	uint8_t *body = chain_body(s, &len);
	return reply(s, 0, s->chain_answer, body, len, out);
}

static uint8_t *answer_request(struct svc *s, const struct svc_request *req, size_t *len)
{
	size_t plain_len = 0;
	free(s->csr);
	s->csr = open_to_ra(s, req->content, &s->csr_len);
	if (!s->csr)
		return certrep(s, req, "2", NULL, 0, SVC_GOOD, len);
	enum svc_answer m = s->req_answer;
	if (m == SVC_FAILURE || m == SVC_PENDING)
		return certrep(s, req, m == SVC_FAILURE ? "2" : "3", NULL, 0, m, len);
	uint8_t *plain = m == SVC_GRANT ? certificate(s, &plain_len) : m == SVC_BAD_CONTENT
			 ? copy_text("not a challenge") : challenge(s, &plain_len);
	if (m == SVC_BAD_CONTENT)
		plain_len = 15;
	uint8_t *out = certrep(s, req, m == SVC_GRANT ? "0" : "11", plain, plain_len, m, len);
	free(plain);
	return out;
}

/* The ClaimChallengeAnswer: SET { SEQUENCE { .21.35, SET { EnvelopedData(answer) } }, server context }. */
static void check_claim(struct svc *s, const struct svc_request *req)
{
	size_t len = 0, answer_len = 0;
	uint8_t *plain = open_to_ra(s, req->content, &len), *answer = NULL;
	struct der in = { plain, len }, set, seq, oid, values, env_value, env, ctx_value, ctx;
	uint8_t tag;
	if (plain && der_expect(&in, DER_SET, &set, NULL) && der_expect(&set, DER_SEQUENCE, &seq, NULL) &&
	    der_expect(&seq, DER_OID, &oid, NULL) &&
	    der_oid_is(&oid, OID_MS_SCEP_CHALLENGE_ANSWER, sizeof(OID_MS_SCEP_CHALLENGE_ANSWER)) &&
	    der_expect(&seq, DER_SET, &values, NULL) && der_expect(&values, DER_SEQUENCE, &env_value, &env) &&
	    der_next(&set, &tag, &ctx_value, &ctx) && !set.len && ctx.len == 19 &&
	    memcmp(ctx.p, "\x04\x11server context 42", 19) == 0)
		answer = open_to_ra(s, env, &answer_len);
	s->claim_verified = answer && answer_len == 32 && memcmp(answer, s->expected_answer, 32) == 0;
	free(plain);
	free(answer);
}

static int svc_post(void *ctx, const char *url, const char *content_type, const uint8_t *body, size_t len,
		    struct http_result *out)
{
	struct svc *s = ctx;
	struct svc_request req;
	size_t answer_len = 0;
	uint8_t *answer = NULL;
	int n = ++s->posts;
	snprintf(s->last_url, sizeof(s->last_url), "%s", url);
	snprintf(s->last_content_type, sizeof(s->last_content_type), "%s", content_type);
	uint8_t **keep = n == 1 ? &s->pkcs_req : &s->claim;
	free(*keep);
	*keep = malloc(len);
	memcpy(*keep, body, len);
	*(n == 1 ? &s->pkcs_req_len : &s->claim_len) = len;
	if (n > 2 || !svc_read_request(body, len, &req))
		abort(); /* the client never sends a third request, nor one the service cannot read */
	if (n == 1)
		answer = answer_request(s, &req, &answer_len);
	else {
		check_claim(s, &req);
		enum svc_answer m = s->claim_verified ? s->claim_answer : SVC_FAILURE;
		size_t plain_len = 0;
		uint8_t *plain = m == SVC_FAILURE || m == SVC_PENDING ? NULL : certificate(s, &plain_len);
		answer = certrep(s, &req, m == SVC_FAILURE ? "2" : m == SVC_PENDING ? "3" : "0", plain, plain_len, m,
				 &answer_len);
		free(plain);
	}
	return reply(s, n, n == 1 ? s->req_answer : s->claim_answer, answer, answer_len, out);
}

/* The fake TPM: "recovers" SHA-256(credential || secret), which the service expects back. */
static int svc_activate(void *ctx, const TPM2B_ID_OBJECT *credential, const TPM2B_ENCRYPTED_SECRET *secret,
			TPM2B_DIGEST *recovered, uint32_t *tpm_rc, char *why, size_t why_cap)
{
	struct svc *s = ctx;
	s->activations++;
	if (s->activate_fails) {
		*tpm_rc = 0x922; /* TPM_RC_INTEGRITY */
		snprintf(why, why_cap, "TPM2_ActivateCredential: TPM_RC_INTEGRITY");
		return -1;
	}
	mbedtls_sha256_context h;
	mbedtls_sha256_init(&h);
	mbedtls_sha256_starts(&h, 0);
	mbedtls_sha256_update(&h, credential->credential, credential->size);
	mbedtls_sha256_update(&h, secret->secret, secret->size);
	mbedtls_sha256_finish(&h, recovered->buffer);
	mbedtls_sha256_free(&h);
	recovered->size = 32;
	return 0;
}

static void svc_say(void *ctx, const char *progress)
{
	((struct svc *)ctx)->says++;
}

void svc_io(struct svc *s, struct aik_enrol_io *io)
{
	memset(io, 0, sizeof(*io));
	rnd_fails = s->random_fails;
	io->ctx = s;
	io->get = svc_get;
	io->post = svc_post;
	io->activate = svc_activate;
	io->random = test_random;
	io->say = svc_say;
	io->now = SVC_NOW;
}
