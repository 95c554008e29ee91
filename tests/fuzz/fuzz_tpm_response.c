/*
 * fuzz_tpm_response.c - any bytes a TPM (or something pretending to be one)
 * returns to TPM2_GetCapability go through the TCTI adapter, tss2-sys and the
 * identity check into the report, and to TPM2_GetRandom through the TPM
 * random source (checks/tpm/tpm_random.c, which asks again while an answer is
 * short); nothing may crash or hang. The first byte
 * chooses whether the header's size field is made to match (to reach the
 * unmarshalling) or left as sent (to exercise the framing checks).
 */
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include "checks/engine/engine.h"
#include "checks/report/report_render.h"
#include "checks/tpm/tpm_random.h"

struct replay {
	struct tpm_transport base;
	const uint8_t *data;
	size_t len;
};

static enum transport_status replay(struct tpm_transport *t, const uint8_t *cmd, size_t cmd_len, uint8_t *rsp,
				    size_t cap, size_t *len)
{
	struct replay *r = (struct replay *)t;
	size_t n = r->len < cap ? r->len : cap;
	memcpy(rsp, r->data, n);
	*len = n;
	return TRANSPORT_OK;
}

/* A warning (TPM_RC_RETRY ...) is resent within a time budget: on a simulated clock, so it costs no real time. */
static uint64_t simulated_ms;
static uint64_t clock_now(void *ctx) { return simulated_ms; }
static void clock_sleep(void *ctx, uint32_t ms) { simulated_ms += ms; }
static const struct tpm_clock simulated = { clock_now, clock_sleep, NULL };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct report report;
	uint8_t rsp[4096];
	if (size < 1)
		return 0;
	bool fix_size = data[0] & 1;
	size_t n = size - 1 < sizeof(rsp) ? size - 1 : sizeof(rsp);
	memcpy(rsp, data + 1, n);
	if (fix_size && n >= 10) {
		rsp[2] = (uint8_t)(n >> 24);
		rsp[3] = (uint8_t)(n >> 16);
		rsp[4] = (uint8_t)(n >> 8);
		rsp[5] = (uint8_t)n;
	}
	struct replay r = { .base = { .name = "fuzz", .exchange = replay, .clock = &simulated }, .data = rsp, .len = n };
	struct tpm_connection conn;
	memset(&conn, 0, sizeof(conn));
	conn.transport = &r.base;
	report_init(&report, "fuzz", "t");
	struct engine_options options;
	engine_options_init(&options, 1800000000);
	engine_run(&conn, &options, &report);
	struct tpm_random_source s;
	uint8_t random[100];
	if (tpm_random_source_open(&s, &r.base) == 0) {
		tpm_random_source_fill(&s, random, sizeof(random));
		tpm_random_source_close(&s);
	}
	struct strbuf text, json;
	strbuf_init(&text);
	strbuf_init(&json);
	report_render_text(&report, &text);
	report_render_json(&report, &json);
	strbuf_free(&text);
	strbuf_free(&json);
	return 0;
}
