/*
 * fuzz_engine_run.c - a whole offline `check` whose every TPM answer comes from
 * the fuzzer: the engine runs every check (identity, state, PCR banks, the EK
 * inventory and its NV certificate reads, the EK by ReadPublic or
 * CreatePrimary, the policy sessions, TPM2_Create / Load and the credential
 * activation) and the report is rendered, as the Linux command does.
 *
 * The input is a stream of answers, consumed one per command sent:
 *
 *   answer := head (2 bytes, big-endian) body
 *   head bits 0-12  length of the body (a body longer than the 4096-byte
 *                   response buffer is cut to it)
 *   head bit 13     leave the header's responseSize as the body says; clear:
 *                   set it to the length returned, so mutations reach the
 *                   unmarshalling instead of the framing check
 *   head bits 14-15 0: the body is the answer; 1, 2, 3: the transport fails
 *                   this command (timeout, connection closed, malformed
 *                   response) and the body is skipped
 *
 * The trust store is a test TrustedTpm.cab for the CA that issued the seeds' EK
 * certificates (tests/fuzz/data/engine_run.cab, compiled in), so the chain and
 * AIK CA checks run as well; the clock is the time the seeds were recorded.
 *
 * When the stream runs out (no whole head or body left) the connection is
 * closed: this and every later exchange fails, as a swtpm that was stopped.
 * Seeds are real runs against swtpm recorded by tests/fuzz/record_engine_seeds.py.
 *
 * Besides crashes, leaks and hangs, a run fails if the tool sends a command that
 * could change the TPM (anything but the read-only set below, docs/transports.md).
 */
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checks/engine/engine.h"
#include "checks/report/report_render.h"
#include "checks/trust/trust_store.h"
#include "tests/fuzz/fixed_platform.h"

enum { HEAD = 2, LENGTH_MASK = 0x1FFF, RAW_SIZE = 0x2000, FAIL_SHIFT = 14 };

struct stream_tpm {
	struct tpm_transport base;
	const uint8_t *data;
	size_t len, pos;
	unsigned commands;
};

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The commands a run may send (TPM 2.0 Part 2, 6.5.2): reads, and objects and sessions that vanish when flushed. */
static int read_only(uint32_t cc)
{
	static const uint32_t allowed[] = { 0x0000017A /* GetCapability */, 0x00000169 /* NV_ReadPublic */,
		0x0000014E /* NV_Read */, 0x00000173 /* ReadPublic */, 0x00000131 /* CreatePrimary */,
		0x00000176 /* StartAuthSession */, 0x00000151 /* PolicySecret */, 0x00000153 /* Create */,
		0x00000157 /* Load */, 0x00000147 /* ActivateCredential */, 0x00000165 /* FlushContext */,
		0x0000017C /* GetTestResult */, 0x0000017B /* GetRandom */, 0x0000017E /* PCR_Read */ };
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (allowed[i] == cc)
			return 1;
	return 0;
}

static enum transport_status stream_exchange(struct tpm_transport *t, const uint8_t *cmd, size_t cmd_len, uint8_t *rsp,
					     size_t cap, size_t *len)
{
	struct stream_tpm *s = (struct stream_tpm *)t;
	uint32_t cc = cmd_len >= TPM_HEADER_SIZE ? be32(cmd + 6) : 0;
	if (!read_only(cc)) {
		fprintf(stderr, "the tool sent command 0x%08x, which is not read-only\n", (unsigned)cc);
		abort();
	}
	s->commands++;
	if (s->len - s->pos < HEAD)
		return transport_fail(t, TRANSPORT_IO_ERROR, "SWTPM-CONNECTION-CLOSED", "the fuzzer's answers ran out");
	unsigned head = (unsigned)s->data[s->pos] << 8 | s->data[s->pos + 1];
	size_t body = head & LENGTH_MASK;
	if (s->len - s->pos - HEAD < body) {
		s->pos = s->len;
		return transport_fail(t, TRANSPORT_IO_ERROR, "SWTPM-CONNECTION-CLOSED", "the fuzzer's answers ran out");
	}
	const uint8_t *answer = s->data + s->pos + HEAD;
	s->pos += HEAD + body;
	switch (head >> FAIL_SHIFT) {
	case 1: return transport_fail(t, TRANSPORT_TIMEOUT, "SWTPM-TIMEOUT", "no answer (fuzzer)");
	case 2: return transport_fail(t, TRANSPORT_IO_ERROR, "SWTPM-CONNECTION-CLOSED", "closed (fuzzer)");
	case 3: return transport_fail(t, TRANSPORT_BAD_RESPONSE, "SWTPM-RSP-SIZE-INVALID", "bad size (fuzzer)");
	}
	size_t n = body < cap ? body : cap;
	memcpy(rsp, answer, n);
	if (!(head & RAW_SIZE) && n >= TPM_HEADER_SIZE) {
		rsp[2] = (uint8_t)(n >> 24);
		rsp[3] = (uint8_t)(n >> 16);
		rsp[4] = (uint8_t)(n >> 8);
		rsp[5] = (uint8_t)n;
	}
	*len = n;
	return TRANSPORT_OK;
}

/* tests/fuzz/data/engine_run.cab and engine_run.time (when the seeds were recorded), made into C by tests/tests.mk */
extern const unsigned char fuzz_engine_cab[];
extern const size_t fuzz_engine_cab_len;
extern const long long fuzz_engine_now;
static struct trust_store store;

/* FUZZ_ENGINE_RUN_REPORT set: the JSON report goes to stderr (record_engine_seeds.py compares it with the real run). */
static bool print_report;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	print_report = getenv("FUZZ_ENGINE_RUN_REPORT") != NULL;
	char why[200];
	if (trust_store_open(&store, fuzz_engine_cab, fuzz_engine_cab_len, why, sizeof(why)) != 0) {
		fprintf(stderr, "tests/fuzz/data/engine_run.cab: %s\n", why);
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct report report;
	struct stream_tpm tpm = { .base = { .name = "swtpm", .exchange = stream_exchange }, .data = data, .len = size };
	struct tpm_connection conn;
	memset(&conn, 0, sizeof(conn));
	conn.transport = &tpm.base;
	strcpy(conn.transport_name, "swtpm");
	strcpy(conn.location, "fuzzer");
	fixed_platform_reset();
	report_init(&report, "fuzz", "recorded");
	struct engine_options options;
	engine_options_init(&options, fuzz_engine_now); /* the recorded certificates are valid then */
	options.virtual_tpm_warn = true;
	/* as `preflight check --offline --trust engine_run.cab` */
	options.store = &store;
	options.store_given = true;
	snprintf(options.store_name, sizeof(options.store_name), "engine_run.cab");
	snprintf(options.offline_reason, sizeof(options.offline_reason), "offline (--offline)");
	engine_run(&conn, &options, &report);
	struct strbuf text, json;
	strbuf_init(&text);
	strbuf_init(&json);
	report_render_text(&report, &text);
	report_render_json(&report, &json);
	if (print_report)
		fprintf(stderr, "%s\n", strbuf_str(&json));
	strbuf_free(&text);
	strbuf_free(&json);
	return 0;
}
