/*
 * tis.c - one TPM command over the FIFO interface (PTP 2.0, 6.4.5 "FIFO
 * protocol"): request locality 0, set commandReady, write the command in
 * bursts of burstCount bytes checking Expect, set tpmGo, wait for dataAvail,
 * read the response in bursts, set commandReady again and relinquish. Every
 * wait is bounded by its PTP timeout, and all waits of one exchange share one
 * budget (TIS_EXCHANGE_MS), so a device that hands out one byte at a time,
 * each just within its timeout, cannot stretch a command without end.
 */
#include "tis.h"
#include <stdio.h>
#include <string.h>

static uint32_t sts(struct tis_transport *tis)
{
	return tis->bus->read32(tis->bus, tis->regs + TIS_STS);
}

static enum transport_status fail(struct tis_transport *tis, enum transport_status s, const char *code,
				  const char *what)
{
	return transport_fail(&tis->base, s, code, "FIFO/TIS at 0x%llx: %s", (unsigned long long)tis->regs, what);
}

/* A wait that ended unmet: its own timeout (code, what), or the exchange's budget, whichever ran out. */
static enum transport_status timed_out(struct tis_transport *tis, const char *code, const char *what)
{
	if (tis->budget.left_us == 0)
		return fail(tis, TRANSPORT_TIMEOUT, "TIS-EXCHANGE-BUDGET", "the TPM took longer than 120 s for the whole "
			    "command (it moves the bytes too slowly, or stops moving them)");
	return fail(tis, TRANSPORT_TIMEOUT, code, what);
}

static enum transport_status request_locality(struct tis_transport *tis)
{
	uint8_t want = TIS_ACCESS_ACTIVE_LOCALITY | TIS_ACCESS_VALID;
	tis->bus->write8(tis->bus, tis->regs + TIS_ACCESS, TIS_ACCESS_REQUEST_USE);
	if (!mmio_wait8_within(tis->bus, tis->regs + TIS_ACCESS, want, want, PTP_TIMEOUT_A_MS, &tis->budget))
		return fail(tis, TRANSPORT_NO_DEVICE, "TIS-LOCALITY-TIMEOUT",
			    "locality 0 was not granted within 750 ms (no TPM answers there)");
	return TRANSPORT_OK;
}

static void relinquish(struct tis_transport *tis)
{
	tis->bus->write32(tis->bus, tis->regs + TIS_STS, TIS_STS_COMMAND_READY);
	tis->bus->write8(tis->bus, tis->regs + TIS_ACCESS, TIS_ACCESS_ACTIVE_LOCALITY);
}

/* Waits for a non-zero burstCount (PTP 6.4.5: poll, bounded by TIMEOUT_D per attempt, retried up to TIMEOUT_A). */
static uint32_t wait_burst(struct tis_transport *tis)
{
	struct mmio_poll p;
	mmio_poll_start(&p, &tis->budget);
	do {
		uint32_t burst = (sts(tis) >> TIS_STS_BURST_SHIFT) & 0xFFFF;
		if (burst)
			return burst;
	} while (mmio_poll_step(tis->bus, &p, PTP_TIMEOUT_A_MS));
	return 0;
}

static enum transport_status make_ready(struct tis_transport *tis)
{
	if (((sts(tis) >> TIS_STS_FAMILY_SHIFT) & 3) == 0)
		return fail(tis, TRANSPORT_TPM12, "TIS-FAMILY-TPM12",
			    "the TPM reports the TPM 1.2 family (TPM_STS.tpmFamily = 0)");
	tis->bus->write32(tis->bus, tis->regs + TIS_STS, TIS_STS_COMMAND_READY);
	if (!mmio_wait32_within(tis->bus, tis->regs + TIS_STS, TIS_STS_COMMAND_READY, TIS_STS_COMMAND_READY,
				PTP_TIMEOUT_B_MS, &tis->budget))
		return timed_out(tis, "TIS-READY-TIMEOUT", "the TPM did not become ready for a command within 2 s");
	return TRANSPORT_OK;
}

static enum transport_status write_command(struct tis_transport *tis, const uint8_t *cmd, size_t len)
{
	size_t sent = 0;
	while (sent < len) {
		uint32_t burst = wait_burst(tis);
		if (!burst)
			return timed_out(tis, "TIS-BURST-TIMEOUT", "burstCount stayed 0 while sending the command");
		for (; burst && sent < len; burst--)
			tis->bus->write8(tis->bus, tis->regs + TIS_DATA_FIFO, cmd[sent++]);
		if (!mmio_wait32_within(tis->bus, tis->regs + TIS_STS, TIS_STS_VALID, TIS_STS_VALID, PTP_TIMEOUT_C_MS,
					&tis->budget))
			return timed_out(tis, "TIS-VALID-TIMEOUT", "stsValid did not rise while sending the command");
		uint32_t expect = sts(tis) & TIS_STS_EXPECT;
		if (sent < len && !expect)
			return fail(tis, TRANSPORT_IO_ERROR, "TIS-EXPECT-EARLY",
				    "the TPM stopped expecting bytes before the command ended");
		if (sent == len && expect)
			return fail(tis, TRANSPORT_IO_ERROR, "TIS-EXPECT-EXTRA",
				    "the TPM still expects bytes after the whole command");
	}
	return TRANSPORT_OK;
}

static enum transport_status read_bytes(struct tis_transport *tis, uint8_t *dst, size_t len)
{
	size_t got = 0;
	while (got < len) {
		uint32_t burst = wait_burst(tis);
		if (!burst)
			return timed_out(tis, "TIS-BURST-TIMEOUT", "burstCount stayed 0 while reading the response");
		for (; burst && got < len; burst--)
			dst[got++] = tis->bus->read8(tis->bus, tis->regs + TIS_DATA_FIFO);
	}
	return TRANSPORT_OK;
}

static enum transport_status read_response(struct tis_transport *tis, uint8_t *rsp, size_t cap, size_t *rsp_len)
{
	uint32_t ready = TIS_STS_VALID | TIS_STS_DATA_AVAIL;
	if (!mmio_wait32_within(tis->bus, tis->regs + TIS_STS, ready, ready, TPM_COMMAND_TIMEOUT_MS, &tis->budget))
		return fail(tis, TRANSPORT_TIMEOUT, "TIS-COMMAND-TIMEOUT", "the TPM did not finish the command within the "
			    "120 s an exchange may take (dataAvail never rose)");
	enum transport_status s = read_bytes(tis, rsp, TPM_HEADER_SIZE);
	if (s != TRANSPORT_OK)
		return s;
	uint32_t len = tpm_header_size(rsp);
	if (len < TPM_HEADER_SIZE || len > cap)
		return fail(tis, TRANSPORT_BAD_RESPONSE, "TIS-RSP-SIZE-INVALID",
			    "the response size in the header is out of range");
	s = read_bytes(tis, rsp + TPM_HEADER_SIZE, len - TPM_HEADER_SIZE);
	if (s != TRANSPORT_OK)
		return s;
	if (!mmio_wait32_within(tis->bus, tis->regs + TIS_STS, TIS_STS_VALID, TIS_STS_VALID, PTP_TIMEOUT_C_MS,
				&tis->budget))
		return timed_out(tis, "TIS-VALID-TIMEOUT", "stsValid did not rise after the response");
	if (sts(tis) & TIS_STS_DATA_AVAIL)
		return fail(tis, TRANSPORT_BAD_RESPONSE, "TIS-RSP-DATA-LEFT", "the TPM has more data than its response "
			    "header announced");
	*rsp_len = len;
	return TRANSPORT_OK;
}

static enum transport_status tis_exchange(struct tpm_transport *t, const uint8_t *cmd, size_t cmd_len,
					  uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
	struct tis_transport *tis = (struct tis_transport *)t;
	tis->budget.left_us = (uint64_t)TIS_EXCHANGE_MS * 1000;
	enum transport_status s = request_locality(tis);
	if (s != TRANSPORT_OK)
		return s;
	s = make_ready(tis);
	if (s == TRANSPORT_OK)
		s = write_command(tis, cmd, cmd_len);
	if (s == TRANSPORT_OK) {
		tis->bus->write32(tis->bus, tis->regs + TIS_STS, TIS_STS_GO);
		s = read_response(tis, rsp, rsp_cap, rsp_len);
	}
	relinquish(tis);
	return s;
}

static void tis_close(struct tpm_transport *t)
{
	(void)t;
}

void tis_transport_init(struct tis_transport *tis, struct mmio_bus *bus, uint64_t regs)
{
	memset(tis, 0, sizeof(*tis));
	tis->base.name = "tis";
	tis->base.exchange = tis_exchange;
	tis->base.close = tis_close;
	tis->bus = bus;
	tis->regs = regs;
	snprintf(tis->base.detail, sizeof(tis->base.detail), "FIFO registers at 0x%llx", (unsigned long long)regs);
}
