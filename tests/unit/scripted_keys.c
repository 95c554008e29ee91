/*
 * scripted_keys.c - CreatePrimary, StartAuthSession, PolicySecret, Create,
 * Load and ActivateCredential of the scripted TPM (TPM 2.0 Part 3: 24.1, 11.1,
 * 23.4, 12.1, 12.2, 12.5; the command and response layouts of Part 1, 18).
 * Every key is made of fixed bytes; a policy session used without
 * continueSession is flushed by the TPM, as Part 1, 19.6.2 says.
 */
#include "scripted_keys.h"
#include <string.h>
#include <tss2/tss2_mu.h>

enum { HEADER = 10 };

uint32_t scripted_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

size_t scripted_finish(struct scripted_answer *a, uint16_t tag, uint32_t rc)
{
	size_t off = 0, len = rc ? HEADER : a->off;
	Tss2_MU_UINT16_Marshal(tag, a->buf, a->cap, &off);
	Tss2_MU_UINT32_Marshal((uint32_t)len, a->buf, a->cap, &off);
	Tss2_MU_UINT32_Marshal(rc, a->buf, a->cap, &off);
	return len;
}

static void forget(struct scripted_tpm *t, uint32_t handle)
{
	for (size_t i = 0; i < t->loaded_count; i++)
		if (t->loaded[i] == handle) {
			t->loaded[i] = t->loaded[--t->loaded_count];
			return;
		}
}

static uint32_t make_handle(struct scripted_tpm *t, uint32_t base)
{
	uint32_t h = base + t->created++;
	if (t->loaded_count < SCRIPTED_MAX)
		t->loaded[t->loaded_count++] = h;
	return h;
}

/*
 * The authorisation area after `handles` handles: how many sessions, and where the parameters start. A policy
 * session without continueSession is flushed (the command uses it up). Returns 0 when the area does not fit.
 */
static size_t sessions(struct scripted_tpm *t, const uint8_t *cmd, size_t len, int handles, int *count)
{
	size_t at = HEADER + 4 * (size_t)handles;
	if (at + 4 > len || at + 4 + scripted_be32(cmd + at) > len)
		return 0;
	size_t end = at + 4 + scripted_be32(cmd + at), off = at + 4;
	*count = 0;
	while (off < end) {
		TPMS_AUTH_COMMAND auth;
		if (Tss2_MU_TPMS_AUTH_COMMAND_Unmarshal(cmd, end, &off, &auth) != TSS2_RC_SUCCESS)
			return 0;
		if ((auth.sessionHandle >> 24) == TPM2_HT_POLICY_SESSION && !(auth.sessionAttributes & TPMA_SESSION_CONTINUESESSION))
			forget(t, auth.sessionHandle);
		(*count)++;
	}
	return end;
}

/* The parameter size field after the response handles, then the response sessions: empty, one per command session. */
static size_t with_sessions(struct scripted_answer *a, size_t params_at, int count)
{
	size_t at = params_at;
	Tss2_MU_UINT32_Marshal((uint32_t)(a->off - params_at - 4), a->buf, a->cap, &at);
	for (int i = 0; i < count; i++) {
		TPMS_AUTH_RESPONSE auth = { .sessionAttributes = 0 };
		Tss2_MU_TPMS_AUTH_RESPONSE_Marshal(&auth, a->buf, a->cap, &a->off);
	}
	return scripted_finish(a, TPM2_ST_SESSIONS, 0);
}

/* The template of CreatePrimary / Create (after TPM2B_SENSITIVE_CREATE), as a public area with a made-up key. */
static bool template_of(const uint8_t *cmd, size_t len, size_t at, TPM2B_PUBLIC *pub)
{
	TPM2B_SENSITIVE_CREATE sensitive;
	if (Tss2_MU_TPM2B_SENSITIVE_CREATE_Unmarshal(cmd, len, &at, &sensitive) != TSS2_RC_SUCCESS ||
	    Tss2_MU_TPM2B_PUBLIC_Unmarshal(cmd, len, &at, pub) != TSS2_RC_SUCCESS)
		return false;
	TPMT_PUBLIC *p = &pub->publicArea;
	if (p->type == TPM2_ALG_RSA) {
		p->unique.rsa.size = p->parameters.rsaDetail.keyBits / 8;
		memset(p->unique.rsa.buffer, 0xC5, p->unique.rsa.size);
	} else if (p->type == TPM2_ALG_ECC) {
		p->unique.ecc.x.size = p->unique.ecc.y.size = 32;
		memset(p->unique.ecc.x.buffer, 0x11, 32);
		memset(p->unique.ecc.y.buffer, 0x22, 32);
	}
	pub->size = 0; /* marshalled from the area */
	return true;
}

static void creation_outputs(struct scripted_answer *a)
{
	TPM2B_CREATION_DATA creation = { .size = 0 };
	TPM2B_DIGEST hash = { .size = 0 };
	TPMT_TK_CREATION ticket = { .tag = TPM2_ST_CREATION, .hierarchy = TPM2_RH_ENDORSEMENT };
	Tss2_MU_TPM2B_CREATION_DATA_Marshal(&creation, a->buf, a->cap, &a->off);
	Tss2_MU_TPM2B_DIGEST_Marshal(&hash, a->buf, a->cap, &a->off);
	Tss2_MU_TPMT_TK_CREATION_Marshal(&ticket, a->buf, a->cap, &a->off);
}

static TPM2B_NAME object_name(uint32_t handle)
{
	TPM2B_NAME name = { .size = 34 };
	name.name[1] = TPM2_ALG_SHA256;
	memcpy(name.name + 2, &handle, sizeof(handle));
	return name;
}

/* The authorisation and the template of a key generation (CreatePrimary, Create), the template's type logged. */
static bool key_request(struct scripted_tpm *t, const uint8_t *cmd, size_t len, int *count, TPM2B_PUBLIC *pub,
			struct scripted_call *call)
{
	size_t at = sessions(t, cmd, len, 1, count);
	if (!at || !template_of(cmd, len, at, pub))
		return false;
	call->key_type = pub->publicArea.type;
	return true;
}

static size_t create_primary(struct scripted_tpm *t, const uint8_t *cmd, size_t len, struct scripted_answer *a,
			     struct scripted_call *call)
{
	int count;
	TPM2B_PUBLIC pub;
	if (!key_request(t, cmd, len, &count, &pub, call))
		return scripted_finish(a, TPM2_ST_NO_SESSIONS, TPM2_RC_SIZE);
	uint32_t handle = make_handle(t, 0x80000000);
	TPM2B_NAME name = object_name(handle);
	Tss2_MU_UINT32_Marshal(handle, a->buf, a->cap, &a->off);
	size_t params = a->off;
	a->off += 4;
	Tss2_MU_TPM2B_PUBLIC_Marshal(&pub, a->buf, a->cap, &a->off);
	creation_outputs(a);
	Tss2_MU_TPM2B_NAME_Marshal(&name, a->buf, a->cap, &a->off);
	return with_sessions(a, params, count);
}

static size_t create(struct scripted_tpm *t, const uint8_t *cmd, size_t len, struct scripted_answer *a,
		     struct scripted_call *call)
{
	int count;
	TPM2B_PUBLIC pub;
	if (!key_request(t, cmd, len, &count, &pub, call))
		return scripted_finish(a, TPM2_ST_NO_SESSIONS, TPM2_RC_SIZE);
	TPM2B_PRIVATE priv = { .size = 48 };
	memset(priv.buffer, 0x5A, priv.size);
	size_t params = a->off;
	a->off += 4;
	Tss2_MU_TPM2B_PRIVATE_Marshal(&priv, a->buf, a->cap, &a->off);
	Tss2_MU_TPM2B_PUBLIC_Marshal(&pub, a->buf, a->cap, &a->off);
	creation_outputs(a);
	return with_sessions(a, params, count);
}

static size_t load(struct scripted_tpm *t, const uint8_t *cmd, size_t len, struct scripted_answer *a)
{
	int count;
	if (!sessions(t, cmd, len, 1, &count))
		return scripted_finish(a, TPM2_ST_NO_SESSIONS, TPM2_RC_SIZE);
	uint32_t handle = make_handle(t, 0x80000000);
	TPM2B_NAME name = object_name(handle);
	Tss2_MU_UINT32_Marshal(handle, a->buf, a->cap, &a->off);
	size_t params = a->off;
	a->off += 4;
	Tss2_MU_TPM2B_NAME_Marshal(&name, a->buf, a->cap, &a->off);
	return with_sessions(a, params, count);
}

static size_t start_auth_session(struct scripted_tpm *t, struct scripted_answer *a)
{
	TPM2B_NONCE nonce = { .size = 32 };
	memset(nonce.buffer, 0x4E, nonce.size);
	Tss2_MU_UINT32_Marshal(make_handle(t, 0x03000000), a->buf, a->cap, &a->off);
	Tss2_MU_TPM2B_NONCE_Marshal(&nonce, a->buf, a->cap, &a->off);
	return scripted_finish(a, TPM2_ST_NO_SESSIONS, 0);
}

static size_t policy_secret(struct scripted_tpm *t, const uint8_t *cmd, size_t len, struct scripted_answer *a)
{
	int count;
	if (!sessions(t, cmd, len, 2, &count))
		return scripted_finish(a, TPM2_ST_NO_SESSIONS, TPM2_RC_SIZE);
	TPM2B_TIMEOUT timeout = { .size = 0 };
	TPMT_TK_AUTH ticket = { .tag = TPM2_ST_AUTH_SECRET, .hierarchy = TPM2_RH_NULL };
	size_t params = a->off;
	a->off += 4;
	Tss2_MU_TPM2B_TIMEOUT_Marshal(&timeout, a->buf, a->cap, &a->off);
	Tss2_MU_TPMT_TK_AUTH_Marshal(&ticket, a->buf, a->cap, &a->off);
	return with_sessions(a, params, count);
}

/* TPM2_CertifyCreation (Part 3, 18.3): two handles, the signer's authorisation; a made-up TPMS_ATTEST of the
 * creation and an RSASSA SHA-256 signature of fixed bytes. */
static size_t certify_creation(struct scripted_tpm *t, const uint8_t *cmd, size_t len, struct scripted_answer *a)
{
	int count;
	if (!sessions(t, cmd, len, 2, &count))
		return scripted_finish(a, TPM2_ST_NO_SESSIONS, TPM2_RC_SIZE);
	TPM2B_ATTEST attest = { .size = 64 };
	memset(attest.attestationData, 0xA7, attest.size);
	TPMT_SIGNATURE sig = { .sigAlg = TPM2_ALG_RSASSA };
	sig.signature.rsassa.hash = TPM2_ALG_SHA256;
	sig.signature.rsassa.sig.size = 256;
	memset(sig.signature.rsassa.sig.buffer, 0x5E, 256);
	size_t params = a->off;
	a->off += 4;
	Tss2_MU_TPM2B_ATTEST_Marshal(&attest, a->buf, a->cap, &a->off);
	Tss2_MU_TPMT_SIGNATURE_Marshal(&sig, a->buf, a->cap, &a->off);
	return with_sessions(a, params, count);
}

/* Nothing is really encrypted, so the secret that comes back is never the one made. */
static size_t activate_credential(struct scripted_tpm *t, const uint8_t *cmd, size_t len, struct scripted_answer *a)
{
	int count;
	if (!sessions(t, cmd, len, 2, &count))
		return scripted_finish(a, TPM2_ST_NO_SESSIONS, TPM2_RC_SIZE);
	TPM2B_DIGEST secret = { .size = 32 };
	size_t params = a->off;
	a->off += 4;
	Tss2_MU_TPM2B_DIGEST_Marshal(&secret, a->buf, a->cap, &a->off);
	return with_sessions(a, params, count);
}

size_t scripted_key_command(struct scripted_tpm *t, const uint8_t *cmd, size_t len, struct scripted_answer *a,
			    struct scripted_call *call)
{
	switch (scripted_be32(cmd + 6)) {
	case TPM2_CC_CreatePrimary: return create_primary(t, cmd, len, a, call);
	case TPM2_CC_Create: return create(t, cmd, len, a, call);
	case TPM2_CC_Load: return load(t, cmd, len, a);
	case TPM2_CC_StartAuthSession: return start_auth_session(t, a);
	case TPM2_CC_PolicySecret: return policy_secret(t, cmd, len, a);
	case TPM2_CC_ActivateCredential: return activate_credential(t, cmd, len, a);
	case TPM2_CC_CertifyCreation: return certify_creation(t, cmd, len, a);
	default: return 0;
	}
}
