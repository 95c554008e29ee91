/*
 * tcti_transport.c - TCTI over a tpm_transport. The exchange happens in
 * transmit; receive hands out the buffered response, answering the size
 * query tss2-sys makes with a NULL buffer first. Every command the tool
 * sends passes here, so this is the one place that resends a command the TPM
 * answered with a warning (bounded) and that notices failure mode.
 */
#include "tcti_transport.h"
#include "boot/platform.h"
#include <tss2/tss2_tpm2_types.h>
#include <stdlib.h>
#include <string.h>

#define TCTI_TRANSPORT_MAGIC 0x70726566 /* "pref" */

struct tcti_transport {
	TSS2_TCTI_CONTEXT_COMMON_V2 common; /* must be first (TCTI spec) */
	struct tpm_transport *transport;
	enum transport_status last;
	char last_code[TRANSPORT_CODE_MAX]; /* the code of the last failed exchange; kept through later successes */
	int pending;
	size_t response_len;
	uint8_t response[TPM_BUFFER_MAX];
	struct tcti_retry_stats retries;
	bool failure_mode;     /* a response carried TPM_RC_FAILURE */
	uint32_t failure_cc;   /* the first command answered so */
	unsigned not_sent;     /* commands answered TPM_RC_FAILURE here, not sent, once in failure mode */
};

static struct tcti_transport *from_context(TSS2_TCTI_CONTEXT *ctx)
{
	struct tcti_transport *t = (struct tcti_transport *)ctx;
	return t && t->common.v1.magic == TCTI_TRANSPORT_MAGIC ? t : NULL;
}

static TSS2_RC rc_for(enum transport_status s)
{
	switch (s) {
	case TRANSPORT_OK: return TSS2_RC_SUCCESS;
	case TRANSPORT_TIMEOUT: return TSS2_TCTI_RC_TRY_AGAIN;
	case TRANSPORT_BAD_RESPONSE: return TSS2_TCTI_RC_MALFORMED_RESPONSE;
	case TRANSPORT_NO_DEVICE: return TSS2_TCTI_RC_NO_CONNECTION;
	default: return TSS2_TCTI_RC_IO_ERROR;
	}
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t now_ms(const struct tcti_transport *t)
{
	const struct tpm_clock *c = t->transport->clock;
	return c ? c->now_ms(c->ctx) : platform_ms();
}

static void sleep_ms(const struct tcti_transport *t, uint32_t ms)
{
	const struct tpm_clock *c = t->transport->clock;
	if (c)
		c->sleep_ms(c->ctx, ms);
	else
		platform_sleep_ms(ms);
}

/* One exchange and the checks of its framing; TSS2_RC_SUCCESS when a response of consistent size is buffered. */
/* TPM 2.0 Part 1, 18.4 and 18.5: a success carries the command's tag (TPM_ST_SESSIONS when the command had
 * sessions), an error TPM_ST_NO_SESSIONS. tss2-sys decodes the answer by its own command's tag, so an answer with
 * the other one would be read at the wrong offsets (the parameterSize taken for a parameter). */
static bool tag_matches(const uint8_t *command, const uint8_t *response)
{
	uint16_t asked = (uint16_t)(command[0] << 8 | command[1]), got = (uint16_t)(response[0] << 8 | response[1]);
	bool success = !response[6] && !response[7] && !response[8] && !response[9];
	return got == (success ? asked : TPM2_ST_NO_SESSIONS);
}

/* Handles a successful response carries before its parameters: of the commands the tool sends (docs/transports.md),
 * those that return an object or a session (TPM 2.0 Part 3, 11.1, 12.2, 24.1). */
static size_t response_handles(uint32_t cc)
{
	return cc == TPM2_CC_CreatePrimary || cc == TPM2_CC_Load || cc == TPM2_CC_StartAuthSession;
}

/* TPM 2.0 Part 1, 18.10: a successful response with sessions gives its parameterSize after the handles; the area it
 * announces must lie inside the response (the session area follows). tss2-sys decodes against its whole buffer, so
 * a response cut short behind a consistent header would otherwise be read from the bytes of an earlier answer. */
static bool parameters_inside(const uint8_t *command, const uint8_t *response, size_t len)
{
	bool success = !response[6] && !response[7] && !response[8] && !response[9];
	if (!success || response[0] != 0x80 || response[1] != 0x02) /* only TPM_ST_SESSIONS announces a size */
		return true;
	size_t at = TPM_HEADER_SIZE + 4 * response_handles(be32(command + 6));
	return at + 4 <= len && be32(response + at) <= len - at - 4;
}

static TSS2_RC exchange_once(struct tcti_transport *t, size_t size, const uint8_t *command)
{
	t->response_len = 0;
	t->transport->code[0] = 0;
	t->last = t->transport->exchange(t->transport, command, size, t->response, sizeof(t->response),
					 &t->response_len);
	if (t->last != TRANSPORT_OK) {
		transport_code_set(t->last_code, t->transport->code);
		return rc_for(t->last);
	}
	if (t->response_len < TPM_HEADER_SIZE || tpm_header_size(t->response) != t->response_len) {
		t->last = TRANSPORT_BAD_RESPONSE;
		transport_code_set(t->last_code, "TPM-RSP-FRAMING");
		return TSS2_TCTI_RC_MALFORMED_RESPONSE;
	}
	/* TPM 2.0 Part 1, 18.6: a TPM 2.0 answers with tag TPM_ST_RSP_COMMAND (0x00C4) only to a bad
	 * tag, which our commands never carry; a TPM 1.2 answers every TPM 2.0 command so. tss2-sys
	 * turns it into a general failure, so the finding is kept here for the report. */
	if (t->response[0] == 0x00 && t->response[1] == 0xC4) {
		t->last = TRANSPORT_TPM12;
		transport_code_set(t->last_code, "TPM-RSP-TAG-TPM12");
	} else if (!tag_matches(command, t->response)) {
		t->last = TRANSPORT_BAD_RESPONSE;
		transport_code_set(t->last_code, "TPM-RSP-TAG");
		return TSS2_TCTI_RC_MALFORMED_RESPONSE;
	} else if (!parameters_inside(command, t->response, t->response_len)) {
		t->last = TRANSPORT_BAD_RESPONSE;
		transport_code_set(t->last_code, "TPM-RSP-PARAM-SIZE");
		return TSS2_TCTI_RC_MALFORMED_RESPONSE;
	}
	return TSS2_RC_SUCCESS;
}

/*
 * TPM 2.0 Part 2, 6.6.3 (TPM_RC warnings): TPM_RC_RETRY (the TPM was not able to start the command),
 * TPM_RC_YIELDED (it was cancelled to let another run) and TPM_RC_TESTING (a self-test of what the command needs
 * is running) say the command was not executed, so sending the same bytes again is correct; tpm2-tss's ESYS
 * resubmits on all three, and Linux's tpm_transmit on RETRY and TESTING. The waits follow Linux
 * (drivers/char/tpm/tpm-interface.c: from TPM2_DURATION_SHORT, 20 ms, doubling, giving up once the wait would
 * pass TPM2_DURATION_LONG, 2 s; about 2.5 s in all), capped at 1 s each. Time is measured from the first
 * warning: 3 s for RETRY and YIELDED; 8 s when the last answer is TESTING, because a self-test a TPM runs in the
 * background (TPM2_SelfTest, Part 3, 10.2, or at start-up) can take seconds. At most 20 resends, which bounds a
 * clock that does not advance. When the budget is spent the warning goes to the caller as the TPM's answer.
 */
enum {
	RETRY_FIRST_WAIT_MS = 20,
	RETRY_MAX_WAIT_MS = 1000,
	RETRY_BUDGET_MS = 3000,
	TESTING_BUDGET_MS = 8000,
	RETRY_MAX_RESENDS = 20,
};

static bool is_warning_to_resend(uint32_t rc)
{
	return rc == TPM2_RC_RETRY || rc == TPM2_RC_YIELDED || rc == TPM2_RC_TESTING;
}

/* Resends while the TPM answers a warning and the budget allows; returns the last exchange's TSS2_RC. */
static TSS2_RC resend_on_warnings(struct tcti_transport *t, size_t size, const uint8_t *command)
{
	uint64_t first = now_ms(t);
	uint32_t wait = RETRY_FIRST_WAIT_MS;
	for (unsigned resends = 0;; resends++) {
		uint32_t rc = be32(t->response + 6);
		uint64_t elapsed = now_ms(t) - first;
		uint32_t budget = rc == TPM2_RC_TESTING ? TESTING_BUDGET_MS : RETRY_BUDGET_MS;
		t->retries.last_cc = be32(command + 6);
		t->retries.last_rc = rc;
		if (resends >= RETRY_MAX_RESENDS || elapsed + wait > budget) {
			t->retries.gave_up++;
			return TSS2_RC_SUCCESS; /* the warning is the TPM's answer */
		}
		sleep_ms(t, wait);
		t->retries.waited_ms += wait;
		t->retries.resent++;
		wait = wait * 2 > RETRY_MAX_WAIT_MS ? RETRY_MAX_WAIT_MS : wait * 2;
		TSS2_RC sent = exchange_once(t, size, command);
		if (sent != TSS2_RC_SUCCESS || t->last == TRANSPORT_TPM12 || !is_warning_to_resend(be32(t->response + 6)))
			return sent;
	}
}

/*
 * TPM 2.0 Part 1, "Failure Mode": a TPM that has failed a self-test or met an internal error executes only
 * TPM2_GetTestResult and TPM2_GetCapability, and answers every other command TPM_RC_FAILURE until it is reset.
 * Once it said so, those other commands are answered here in its stead instead of being sent - except
 * TPM2_FlushContext, sent still, so a handle created before is released where the TPM can.
 */
static bool sent_in_failure_mode(uint32_t cc)
{
	return cc == TPM2_CC_GetTestResult || cc == TPM2_CC_GetCapability || cc == TPM2_CC_FlushContext;
}

static void answer_failure(struct tcti_transport *t)
{
	static const uint8_t failure[TPM_HEADER_SIZE] = { 0x80, 0x01, 0, 0, 0, 10, 0, 0, 0x01, 0x01 };
	memcpy(t->response, failure, sizeof(failure));
	t->response_len = sizeof(failure);
	t->last = TRANSPORT_OK;
	t->not_sent++;
}

static TSS2_RC transmit(TSS2_TCTI_CONTEXT *ctx, size_t size, const uint8_t *command)
{
	struct tcti_transport *t = from_context(ctx);
	if (!t)
		return TSS2_TCTI_RC_BAD_CONTEXT;
	if (!command || size < TPM_HEADER_SIZE || size > TPM_BUFFER_MAX)
		return TSS2_TCTI_RC_BAD_VALUE;
	if (t->pending)
		return TSS2_TCTI_RC_BAD_SEQUENCE;
	if (t->failure_mode && !sent_in_failure_mode(be32(command + 6))) {
		answer_failure(t);
		t->pending = 1;
		return TSS2_RC_SUCCESS;
	}
	TSS2_RC rc = exchange_once(t, size, command);
	if (rc == TSS2_RC_SUCCESS && t->last != TRANSPORT_TPM12 && is_warning_to_resend(be32(t->response + 6)))
		rc = resend_on_warnings(t, size, command);
	if (rc != TSS2_RC_SUCCESS)
		return rc;
	if (t->last != TRANSPORT_TPM12 && be32(t->response + 6) == TPM2_RC_FAILURE && !t->failure_mode) {
		t->failure_mode = true;
		t->failure_cc = be32(command + 6);
	}
	t->pending = 1;
	return TSS2_RC_SUCCESS;
}

static TSS2_RC receive(TSS2_TCTI_CONTEXT *ctx, size_t *size, uint8_t *response, int32_t timeout)
{
	(void)timeout; /* the exchange already waited, bounded, in transmit */
	struct tcti_transport *t = from_context(ctx);
	if (!t)
		return TSS2_TCTI_RC_BAD_CONTEXT;
	if (!size)
		return TSS2_TCTI_RC_BAD_REFERENCE;
	if (!t->pending)
		return TSS2_TCTI_RC_BAD_SEQUENCE;
	if (!response) {
		*size = t->response_len;
		return TSS2_RC_SUCCESS;
	}
	if (*size < t->response_len)
		return TSS2_TCTI_RC_INSUFFICIENT_BUFFER;
	memcpy(response, t->response, t->response_len);
	*size = t->response_len;
	t->pending = 0;
	return TSS2_RC_SUCCESS;
}

static void finalize(TSS2_TCTI_CONTEXT *ctx)
{
	(void)ctx; /* tcti_transport_free releases the memory */
}

static TSS2_RC cancel(TSS2_TCTI_CONTEXT *ctx)
{
	(void)ctx;
	return TSS2_TCTI_RC_NOT_IMPLEMENTED;
}

static TSS2_RC set_locality(TSS2_TCTI_CONTEXT *ctx, uint8_t locality)
{
	(void)ctx;
	return locality == 0 ? TSS2_RC_SUCCESS : TSS2_TCTI_RC_NOT_IMPLEMENTED;
}

TSS2_TCTI_CONTEXT *tcti_transport_new(struct tpm_transport *transport)
{
	struct tcti_transport *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->common.v1.magic = TCTI_TRANSPORT_MAGIC;
	t->common.v1.version = 2;
	t->common.v1.transmit = transmit;
	t->common.v1.receive = receive;
	t->common.v1.finalize = finalize;
	t->common.v1.cancel = cancel;
	t->common.v1.setLocality = set_locality;
	t->transport = transport;
	return (TSS2_TCTI_CONTEXT *)t;
}

void tcti_transport_free(TSS2_TCTI_CONTEXT *tcti)
{
	free(from_context(tcti));
}

enum transport_status tcti_transport_last_status(TSS2_TCTI_CONTEXT *tcti)
{
	struct tcti_transport *t = from_context(tcti);
	return t ? t->last : TRANSPORT_IO_ERROR;
}

const char *tcti_transport_last_code(TSS2_TCTI_CONTEXT *tcti)
{
	struct tcti_transport *t = from_context(tcti);
	return t ? t->last_code : "";
}

void tcti_transport_retry_stats(TSS2_TCTI_CONTEXT *tcti, struct tcti_retry_stats *out)
{
	struct tcti_transport *t = from_context(tcti);
	memset(out, 0, sizeof(*out));
	if (t)
		*out = t->retries;
}

bool tcti_transport_failure_mode(TSS2_TCTI_CONTEXT *tcti, uint32_t *command)
{
	struct tcti_transport *t = from_context(tcti);
	if (command)
		*command = t ? t->failure_cc : 0;
	return t && t->failure_mode;
}

unsigned tcti_transport_not_sent(TSS2_TCTI_CONTEXT *tcti)
{
	struct tcti_transport *t = from_context(tcti);
	return t ? t->not_sent : 0;
}
