/* scripted_tpm.c - the command-level simulated TPM (TPM 2.0 Part 3 command and response layouts, marshalled with tss2-mu). */
#include "scripted_tpm.h"
#include "scripted_keys.h"
#include "checks/engine/engine.h"
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <tss2/tss2_mu.h>
#include "checks/tpm/tpm_ek_primary.h"

enum { HEADER = 10 };


/* The one response session a password authorisation gets back: empty nonce, continueSession, empty hmac. */
static void password_response(struct scripted_answer *a)
{
	TPMS_AUTH_RESPONSE auth = { .sessionAttributes = TPMA_SESSION_CONTINUESESSION };
	Tss2_MU_TPMS_AUTH_RESPONSE_Marshal(&auth, a->buf, a->cap, &a->off);
}

static size_t properties(struct scripted_tpm *t, struct scripted_answer *a, uint32_t first, uint32_t count)
{
	int i = 0;
	while (i < t->prop_count && t->props[i].id < first)
		i++;
	int n = t->prop_count - i < (int)count ? t->prop_count - i : (int)count;
	return response_properties(a->buf, a->cap, t->props + i, n, i + n < t->prop_count);
}

/* TPM_CAP_HANDLES: the handles of the asked type (sessions: both HMAC and policy) from `first` on. */
static size_t handles(struct scripted_tpm *t, struct scripted_answer *a, uint32_t first, uint32_t count)
{
	TPMS_CAPABILITY_DATA data = { .capability = TPM2_CAP_HANDLES };
	TPML_HANDLE *list = &data.data.handles;
	uint8_t type = first >> 24;
	for (size_t i = 0; i < t->nv_count && type == TPM2_HT_NV_INDEX; i++)
		if (t->nv[i].index >= first && list->count < count)
			list->handle[list->count++] = t->nv[i].index;
	for (size_t i = 0; i < t->loaded_count && type != TPM2_HT_NV_INDEX; i++) {
		uint8_t ht = t->loaded[i] >> 24;
		bool same = ht == type || (type == TPM2_HT_LOADED_SESSION && ht == TPM2_HT_POLICY_SESSION);
		if (same && t->loaded[i] >= first && list->count < count)
			list->handle[list->count++] = t->loaded[i];
	}
	a->off = HEADER;
	Tss2_MU_UINT8_Marshal(TPM2_NO, a->buf, a->cap, &a->off);
	Tss2_MU_TPMS_CAPABILITY_DATA_Marshal(&data, a->buf, a->cap, &a->off);
	return scripted_finish(a, TPM2_ST_NO_SESSIONS, 0);
}

/* TPM_CAP_PCRS: SHA-1 and SHA-256 banks with PCRs 0-23. */
static size_t pcr_banks(struct scripted_answer *a)
{
	TPMS_CAPABILITY_DATA data = { .capability = TPM2_CAP_PCRS };
	TPML_PCR_SELECTION *banks = &data.data.assignedPCR;
	const TPMI_ALG_HASH algs[] = { TPM2_ALG_SHA1, TPM2_ALG_SHA256 };
	for (int i = 0; i < 2; i++) {
		banks->pcrSelections[i] = (TPMS_PCR_SELECTION){ .hash = algs[i], .sizeofSelect = 3,
								.pcrSelect = { 0xFF, 0xFF, 0xFF } };
		banks->count++;
	}
	a->off = HEADER;
	Tss2_MU_UINT8_Marshal(TPM2_NO, a->buf, a->cap, &a->off);
	Tss2_MU_TPMS_CAPABILITY_DATA_Marshal(&data, a->buf, a->cap, &a->off);
	return scripted_finish(a, TPM2_ST_NO_SESSIONS, 0);
}

static size_t get_capability(struct scripted_tpm *t, const uint8_t *cmd, struct scripted_answer *a)
{
	uint32_t cap = scripted_be32(cmd + HEADER), first = scripted_be32(cmd + HEADER + 4), count = scripted_be32(cmd + HEADER + 8);
	if (cap == TPM2_CAP_TPM_PROPERTIES)
		return properties(t, a, first, count);
	if (cap == TPM2_CAP_HANDLES)
		return handles(t, a, first, count);
	if (cap == TPM2_CAP_PCRS)
		return pcr_banks(a);
	return scripted_finish(a, TPM2_ST_NO_SESSIONS, TPM2_RC_VALUE | TPM2_RC_P | TPM2_RC_1);
}

/* TPM2_GetTestResult (Part 3, 10.4): passed; in failure mode testResult TPM_RC_FAILURE and 12 bytes of
 * outData, as the reference implementation gives (the failing function, line and code). */
static size_t get_test_result(struct scripted_tpm *t, struct scripted_answer *a)
{
	TPM2B_MAX_BUFFER out = { .size = 0 };
	if (t->failure_mode) {
		static const uint8_t where[12] = { 0, 0, 0x12, 0x34, 0, 0, 0x01, 0x2c, 0, 0, 0, 0x05 };
		out.size = sizeof(where);
		memcpy(out.buffer, where, sizeof(where));
	}
	a->off = HEADER;
	Tss2_MU_TPM2B_MAX_BUFFER_Marshal(&out, a->buf, a->cap, &a->off);
	Tss2_MU_UINT32_Marshal(t->failure_mode ? TPM2_RC_FAILURE : TPM2_RC_SUCCESS, a->buf, a->cap, &a->off);
	return scripted_finish(a, TPM2_ST_NO_SESSIONS, 0);
}

/*
 * A TPM in failure mode (Part 1, "Failure Mode"; the reference implementation's TpmFailureMode): GetTestResult,
 * and GetCapability of TPM properties with one property per call from TPM_PT_MANUFACTURER to
 * TPM_PT_FIRMWARE_VERSION_2; TPM_RC_FAILURE to anything else.
 */
static size_t failure_mode(struct scripted_tpm *t, const uint8_t *cmd, size_t len, struct scripted_answer *a)
{
	uint32_t cc = scripted_be32(cmd + 6);
	if (cc == TPM2_CC_GetTestResult)
		return get_test_result(t, a);
	if (cc != TPM2_CC_GetCapability || len != HEADER + 12 || scripted_be32(cmd + HEADER) != TPM2_CAP_TPM_PROPERTIES)
		return scripted_finish(a, TPM2_ST_NO_SESSIONS, TPM2_RC_FAILURE);
	uint32_t pt = scripted_be32(cmd + HEADER + 4), count = scripted_be32(cmd + HEADER + 8);
	pt = pt < TPM2_PT_MANUFACTURER ? TPM2_PT_MANUFACTURER : pt;
	struct property one = { pt, 0 };
	for (int i = 0; i < t->prop_count; i++)
		if (t->props[i].id == pt)
			one.value = t->props[i].value;
	bool any = count > 0 && pt <= TPM2_PT_FIRMWARE_VERSION_2;
	return response_properties(a->buf, a->cap, &one, any ? 1 : 0, pt < TPM2_PT_FIRMWARE_VERSION_2);
}

/* The fault, when this command is its target and it has answers left: its response code, else 0. */
static uint32_t fault(struct scripted_tpm *t, const uint8_t *cmd, size_t len)
{
	struct scripted_fault *f = &t->fault;
	if (!f->cc || f->cc != scripted_be32(cmd + 6) || f->times == 0)
		return 0;
	if (f->word && (len < HEADER + 4 || scripted_be32(cmd + HEADER) != f->word))
		return 0;
	if (f->times > 0)
		f->times--;
	t->failure_mode = t->failure_mode || f->rc == TPM2_RC_FAILURE;
	return f->rc;
}

static const struct scripted_nv *nv_find(const struct scripted_tpm *t, uint32_t index)
{
	for (size_t i = 0; i < t->nv_count; i++)
		if (t->nv[i].index == index)
			return &t->nv[i];
	return NULL;
}

static size_t nv_read_public(struct scripted_tpm *t, const uint8_t *cmd, struct scripted_answer *a)
{
	const struct scripted_nv *nv = nv_find(t, scripted_be32(cmd + HEADER));
	if (!nv)
		return scripted_finish(a, TPM2_ST_NO_SESSIONS, TPM2_RC_HANDLE | TPM2_RC_1);
	TPM2B_NV_PUBLIC pub = { .nvPublic = { .nvIndex = nv->index, .nameAlg = TPM2_ALG_SHA256,
					      .attributes = nv->attributes, .dataSize = nv->size } };
	TPM2B_NAME name = { .size = 0 };
	a->off = HEADER;
	Tss2_MU_TPM2B_NV_PUBLIC_Marshal(&pub, a->buf, a->cap, &a->off);
	Tss2_MU_TPM2B_NAME_Marshal(&name, a->buf, a->cap, &a->off);
	return scripted_finish(a, TPM2_ST_NO_SESSIONS, 0);
}

/* NV_Read: any authorisation is accepted (the tests judge which one was used from the log). */
static size_t nv_read(struct scripted_tpm *t, const uint8_t *cmd, size_t len, struct scripted_answer *a)
{
	const struct scripted_nv *nv = nv_find(t, scripted_be32(cmd + HEADER + 4));
	size_t params = HEADER + 8 + 4 + scripted_be32(cmd + HEADER + 8);
	if (!nv || params + 4 > len)
		return scripted_finish(a, TPM2_ST_NO_SESSIONS, TPM2_RC_HANDLE | TPM2_RC_2);
	TPM2B_MAX_NV_BUFFER data = { .size = (uint16_t)(cmd[params] << 8 | cmd[params + 1]) };
	uint16_t offset = (uint16_t)(cmd[params + 2] << 8 | cmd[params + 3]);
	if (data.size > sizeof(data.buffer) || offset + data.size > nv->size)
		return scripted_finish(a, TPM2_ST_NO_SESSIONS, TPM2_RC_NV_RANGE);
	if (nv->data)
		memcpy(data.buffer, nv->data + offset, data.size);
	else
		memset(data.buffer, 0x30, data.size);
	a->off = HEADER + 4;
	Tss2_MU_TPM2B_MAX_NV_BUFFER_Marshal(&data, a->buf, a->cap, &a->off);
	size_t param_size = a->off - HEADER - 4, at = HEADER;
	Tss2_MU_UINT32_Marshal((uint32_t)param_size, a->buf, a->cap, &at);
	password_response(a);
	return scripted_finish(a, TPM2_ST_SESSIONS, 0);
}

/* The persistent storage root key (TCG Provisioning Guidance 7.8: 0x81000001), RSA-2048 with AES-128-CFB. */
static void srk_public(const struct scripted_tpm *t, TPM2B_PUBLIC *pub)
{
	memset(pub, 0, sizeof(*pub));
	TPMT_PUBLIC *p = &pub->publicArea;
	p->type = TPM2_ALG_RSA;
	p->nameAlg = TPM2_ALG_SHA256;
	p->objectAttributes = t->srk_attributes;
	p->parameters.rsaDetail.symmetric = (TPMT_SYM_DEF_OBJECT){ .algorithm = TPM2_ALG_AES, .keyBits = { .aes = 128 },
								   .mode = { .aes = TPM2_ALG_CFB } };
	p->parameters.rsaDetail.scheme.scheme = TPM2_ALG_NULL;
	p->parameters.rsaDetail.keyBits = 2048;
}

static size_t read_public(struct scripted_tpm *t, const uint8_t *cmd, struct scripted_answer *a)
{
	TPM2B_PUBLIC pub;
	uint32_t handle = scripted_be32(cmd + HEADER);
	if (handle == 0x81000001 && t->srk_attributes)
		srk_public(t, &pub);
	else if (handle != EK_PERSISTENT_RSA || !t->persistent_rsa_ek || !ek_template(0x01C00002, &pub))
		return scripted_finish(a, TPM2_ST_NO_SESSIONS, TPM2_RC_HANDLE | TPM2_RC_1);
	pub.publicArea.unique.rsa.size = 256;
	memset(pub.publicArea.unique.rsa.buffer, 0xC5, 256);
	TPM2B_NAME name = { .size = 0 };
	a->off = HEADER;
	Tss2_MU_TPM2B_PUBLIC_Marshal(&pub, a->buf, a->cap, &a->off);
	Tss2_MU_TPM2B_NAME_Marshal(&name, a->buf, a->cap, &a->off);
	Tss2_MU_TPM2B_NAME_Marshal(&name, a->buf, a->cap, &a->off);
	return scripted_finish(a, TPM2_ST_NO_SESSIONS, 0);
}

static size_t flush_context(struct scripted_tpm *t, const uint8_t *cmd, struct scripted_answer *a)
{
	uint32_t h = scripted_be32(cmd + HEADER);
	for (size_t i = 0; i < t->loaded_count; i++)
		if (t->loaded[i] == h) {
			t->loaded[i] = t->loaded[--t->loaded_count];
			return scripted_finish(a, TPM2_ST_NO_SESSIONS, 0);
		}
	return scripted_finish(a, TPM2_ST_NO_SESSIONS, TPM2_RC_HANDLE | TPM2_RC_P | TPM2_RC_1);
}

/* TPM2_GetRandom (Part 3, 16.1): as a TPM whose largest digest is SHA-256's, at most 32 bytes per answer. */
static size_t get_random(struct scripted_tpm *t, const uint8_t *cmd, size_t len, struct scripted_answer *a)
{
	if (t->random_rc || len < HEADER + 2)
		return scripted_finish(a, TPM2_ST_NO_SESSIONS, t->random_rc ? t->random_rc : TPM2_RC_COMMAND_SIZE);
	TPM2B_DIGEST got = { .size = (uint16_t)(cmd[HEADER] << 8 | cmd[HEADER + 1]) };
	if (got.size > 32)
		got.size = 32;
	for (int i = 0; i < got.size; i++)
		got.buffer[i] = t->random_next++;
	Tss2_MU_TPM2B_DIGEST_Marshal(&got, a->buf, a->cap, &a->off);
	return scripted_finish(a, TPM2_ST_NO_SESSIONS, TPM2_RC_SUCCESS);
}

/* The command that creates a handle and then loses its answer. */
static bool strands(struct scripted_tpm *t, uint32_t cc)
{
	if (cc != t->strand_cc || t->loaded_count >= SCRIPTED_MAX)
		return false;
	uint32_t base = cc == TPM2_CC_StartAuthSession ? 0x03000000 : 0x80000000;
	t->loaded[t->loaded_count++] = base + t->created++;
	strcpy(t->base.error, "the TPM did not finish the command within 120 s");
	return true;
}

static struct scripted_call *log_call(struct scripted_tpm *t, const uint8_t *cmd, size_t len)
{
	static struct scripted_call overflow;
	if (t->log_count >= SCRIPTED_LOG_MAX)
		return &overflow;
	struct scripted_call *c = &t->log[t->log_count++];
	memset(c, 0, sizeof(*c));
	c->cc = scripted_be32(cmd + 6);
	c->handle[0] = len >= HEADER + 4 ? scripted_be32(cmd + HEADER) : 0;
	c->handle[1] = len >= HEADER + 8 ? scripted_be32(cmd + HEADER + 4) : 0;
	return c;
}

static enum transport_status exchange(struct tpm_transport *base, const uint8_t *cmd, size_t len, uint8_t *rsp,
				      size_t cap, size_t *rsp_len)
{
	struct scripted_tpm *t = (struct scripted_tpm *)base;
	struct scripted_answer a = { rsp, cap, HEADER };
	struct scripted_call *call = log_call(t, cmd, len);
	uint32_t cc = scripted_be32(cmd + 6), rc = fault(t, cmd, len);
	if (rc) {
		*rsp_len = scripted_finish(&a, TPM2_ST_NO_SESSIONS, rc);
		return TRANSPORT_OK;
	}
	if (t->failure_mode) {
		*rsp_len = failure_mode(t, cmd, len, &a);
		return TRANSPORT_OK;
	}
	if (strands(t, cc) && !t->strand_garbles)
		return TRANSPORT_TIMEOUT;
	if (cc == t->strand_cc && t->strand_garbles) {
		/* the new handle, an empty parameter area and then a TPM2B that claims 0xFFFF bytes: the
		 * marshalling layer refuses it (TSS2_MU_RC_...), though the TPM did the work */
		Tss2_MU_UINT32_Marshal(t->loaded[t->loaded_count - 1], a.buf, a.cap, &a.off);
		Tss2_MU_UINT32_Marshal(2, a.buf, a.cap, &a.off);
		Tss2_MU_UINT16_Marshal(0xFFFF, a.buf, a.cap, &a.off);
		*rsp_len = scripted_finish(&a, TPM2_ST_SESSIONS, TPM2_RC_SUCCESS);
		return TRANSPORT_OK;
	}
	struct scripted_answer keys = { rsp, cap, HEADER };
	if ((*rsp_len = scripted_key_command(t, cmd, len, &keys, call)) != 0)
		return TRANSPORT_OK;
	switch (cc) {
	case TPM2_CC_GetTestResult: *rsp_len = get_test_result(t, &a); break;
	case TPM2_CC_GetCapability: *rsp_len = get_capability(t, cmd, &a); break;
	case TPM2_CC_NV_ReadPublic: *rsp_len = nv_read_public(t, cmd, &a); break;
	case TPM2_CC_NV_Read: *rsp_len = nv_read(t, cmd, len, &a); break;
	case TPM2_CC_ReadPublic: *rsp_len = read_public(t, cmd, &a); break;
	case TPM2_CC_FlushContext: *rsp_len = flush_context(t, cmd, &a); break;
	case TPM2_CC_GetRandom: *rsp_len = get_random(t, cmd, len, &a); break;
	default: *rsp_len = scripted_finish(&a, TPM2_ST_NO_SESSIONS, TPM2_RC_COMMAND_CODE);
	}
	if (cc == t->truncate_cc && *rsp_len >= HEADER + 4) {
		size_t off = 2;
		*rsp_len -= 4;
		Tss2_MU_UINT32_Marshal((uint32_t)*rsp_len, rsp, cap, &off);
	}
	return TRANSPORT_OK;
}

void scripted_set_property(struct scripted_tpm *t, uint32_t id, uint32_t value)
{
	int i = 0;
	while (i < t->prop_count && t->props[i].id < id)
		i++;
	if (i < t->prop_count && t->props[i].id == id) {
		t->props[i].value = value;
		return;
	}
	if (t->prop_count >= SCRIPTED_MAX)
		return;
	memmove(t->props + i + 1, t->props + i, (size_t)(t->prop_count - i) * sizeof(t->props[0]));
	t->props[i] = (struct property){ id, value };
	t->prop_count++;
}

static uint64_t clock_now(void *ctx)
{
	return ((struct scripted_tpm *)ctx)->clock_ms;
}

static void clock_sleep(void *ctx, uint32_t ms)
{
	((struct scripted_tpm *)ctx)->clock_ms += ms;
}

void scripted_init(struct scripted_tpm *t)
{
	memset(t, 0, sizeof(*t));
	t->base.name = "scripted";
	t->base.exchange = exchange;
	t->clock = (struct tpm_clock){ clock_now, clock_sleep, t };
	t->base.clock = &t->clock;
	for (int i = 0; i < swtpm_property_count; i++)
		scripted_set_property(t, swtpm_properties[i].id, swtpm_properties[i].value);
	scripted_set_property(t, TPM2_PT_PERMANENT, 0);
	scripted_set_property(t, TPM2_PT_STARTUP_CLEAR, TPMA_STARTUP_CLEAR_PHENABLE | TPMA_STARTUP_CLEAR_SHENABLE |
							 TPMA_STARTUP_CLEAR_EHENABLE | TPMA_STARTUP_CLEAR_ORDERLY);
}

void scripted_add_nv(struct scripted_tpm *t, uint32_t index, uint32_t attributes, uint16_t size)
{
	scripted_add_nv_data(t, index, attributes, NULL, size);
}

void scripted_add_nv_data(struct scripted_tpm *t, uint32_t index, uint32_t attributes, const uint8_t *data, uint16_t size)
{
	if (t->nv_count < SCRIPTED_MAX)
		t->nv[t->nv_count++] = (struct scripted_nv){ index, attributes, size, data };
}

bool scripted_is_loaded(const struct scripted_tpm *t, uint32_t handle)
{
	for (size_t i = 0; i < t->loaded_count; i++)
		if (t->loaded[i] == handle)
			return true;
	return false;
}

size_t scripted_count(const struct scripted_tpm *t, uint32_t cc)
{
	size_t n = 0;
	for (size_t i = 0; i < t->log_count; i++)
		n += t->log[i].cc == cc;
	return n;
}

size_t scripted_key_generations(const struct scripted_tpm *t, uint16_t type)
{
	size_t n = 0;
	for (size_t i = 0; i < t->log_count; i++)
		n += (t->log[i].cc == TPM2_CC_CreatePrimary || t->log[i].cc == TPM2_CC_Create) && t->log[i].key_type == type;
	return n;
}

void scripted_run_engine(struct scripted_tpm *t, struct report *report)
{
	struct tpm_connection conn;
	struct engine_options options;
	memset(&conn, 0, sizeof(conn));
	conn.transport = &t->base;
	strcpy(conn.transport_name, "test");
	engine_options_init(&options, 1800000000);
	options.activation_key = (enum ak_kind)t->activation_key;
	if (t->configure)
		t->configure(&options);
	report_init(report, "test", "now");
	engine_run(&conn, &options, report);
}

size_t scripted_swtpm_ek_cert(uint8_t *buf, size_t cap)
{
	char exe[PATH_MAX] = "", path[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = 0;
	const char *bases[] = { ".", dirname(dirname(dirname(dirname(exe)))) };
	size_t len = 0;
	for (size_t i = 0; i < 2 && !len; i++) {
		snprintf(path, sizeof(path), "%s/tests/fuzz/seeds/fuzz_ek_cert/swtpm-ek-rsa.der", bases[i]);
		FILE *f = fopen(path, "rb");
		if (f) {
			len = fread(buf, 1, cap, f);
			fclose(f);
		}
	}
	return len < cap ? len : 0;
}
