/*
 * crb.c - one TPM command over the CRB interface (PTP 2.0, 6.5.3 "CRB
 * protocol"): request locality 0, move the TPM from idle to ready, place the
 * command in the command buffer, start, wait for start to clear, read the
 * response, return to idle, relinquish. Each wait is bounded by the PTP
 * timeouts; the firmware's own TCG2 driver may use the interface between two
 * of our commands, so the locality is released after every command. The
 * buffer addresses come from the device: only ones inside the locality's
 * register window are used.
 */
#include "crb.h"
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static uint32_t reg_read(struct crb_transport *crb, uint32_t offset)
{
	return crb->bus->read32(crb->bus, crb->regs + offset);
}

static void reg_write(struct crb_transport *crb, uint32_t offset, uint32_t value)
{
	crb->bus->write32(crb->bus, crb->regs + offset, value);
}

static enum transport_status fail(struct crb_transport *crb, enum transport_status s, const char *code,
				  const char *what)
{
	return transport_fail(&crb->base, s, code, "CRB at 0x%llx: %s", (unsigned long long)crb->regs, what);
}

static enum transport_status request_locality(struct crb_transport *crb)
{
	uint32_t want = CRB_LOC_STATE_ASSIGNED | CRB_LOC_STATE_REG_VALID;
	reg_write(crb, CRB_LOC_CTRL, CRB_LOC_CTRL_REQUEST);
	if (!mmio_wait32(crb->bus, crb->regs + CRB_LOC_STS, CRB_LOC_STS_GRANTED, CRB_LOC_STS_GRANTED, PTP_TIMEOUT_A_MS) ||
	    !mmio_wait32(crb->bus, crb->regs + CRB_LOC_STATE, want | CRB_LOC_STATE_ACTIVE_MASK, want, PTP_TIMEOUT_A_MS))
		return fail(crb, TRANSPORT_NO_DEVICE, "CRB-LOCALITY-TIMEOUT",
			    "locality 0 was not granted within 750 ms (no TPM answers there)");
	return TRANSPORT_OK;
}

static void finish(struct crb_transport *crb)
{
	reg_write(crb, CRB_CTRL_REQ, CRB_REQ_GO_IDLE);
	mmio_wait32(crb->bus, crb->regs + CRB_CTRL_REQ, CRB_REQ_GO_IDLE, 0, PTP_TIMEOUT_C_MS);
	reg_write(crb, CRB_LOC_CTRL, CRB_LOC_CTRL_RELINQUISH);
}

static enum transport_status make_ready(struct crb_transport *crb)
{
	if (reg_read(crb, CRB_CTRL_STS) & CRB_STS_ERROR)
		return fail(crb, TRANSPORT_IO_ERROR, "CRB-TPM-FATAL-ERROR",
			    "the TPM reports a fatal error (CRB_CTRL_STS.tpmSts); it may be in failure mode");
	reg_write(crb, CRB_CTRL_REQ, CRB_REQ_CMD_READY);
	if (!mmio_wait32(crb->bus, crb->regs + CRB_CTRL_REQ, CRB_REQ_CMD_READY, 0, PTP_TIMEOUT_C_MS) ||
	    !mmio_wait32(crb->bus, crb->regs + CRB_CTRL_STS, CRB_STS_IDLE, 0, PTP_TIMEOUT_C_MS))
		return fail(crb, TRANSPORT_TIMEOUT, "CRB-READY-TIMEOUT",
			    "the TPM did not become ready for a command within 200 ms");
	return TRANSPORT_OK;
}

struct crb_buffers {
	uint64_t cmd_addr, rsp_addr;
	uint32_t cmd_size, rsp_size; /* usable bytes, within the window */
};

static void copy_out(struct crb_transport *crb, uint64_t address, const uint8_t *data, size_t len)
{
	for (size_t i = 0; i < len; i++)
		crb->bus->write8(crb->bus, address + i, data[i]);
}

static void copy_in(struct crb_transport *crb, uint64_t address, uint8_t *data, size_t len)
{
	for (size_t i = 0; i < len; i++)
		data[i] = crb->bus->read8(crb->bus, address + i);
}

/*
 * The buffer a CTRL_*_ADDR/SIZE register pair names, if it lies inside this locality's 4 KiB window past
 * the registers (PTP 2.0, 6.5.3: the data buffer starts at offset 0x80 of the locality's block). Anything
 * else could be any memory, which a device must not make us write to or read from. A size reaching past
 * the window is clamped to it (firmware is known to report the whole 4 KiB; the Linux CRB driver also
 * trusts the region over the size register).
 */
static bool buffer_in_window(const struct crb_transport *crb, uint64_t address, uint32_t declared, uint32_t *usable)
{
	uint64_t first = crb->regs + CRB_DATA_BUFFER, end = crb->regs + CRB_LOCALITY_WINDOW;
	if (address < first || address >= end)
		return false;
	*usable = end - address < declared ? (uint32_t)(end - address) : declared;
	return true;
}

static enum transport_status outside(struct crb_transport *crb, const char *code, const char *which, uint64_t address)
{
	return transport_fail(&crb->base, TRANSPORT_BAD_RESPONSE, code, "CRB at 0x%llx: the %s buffer address 0x%llx is "
			      "outside the TPM's register window 0x%llx-0x%llx; refused (transport = tcg2 uses the "
			      "firmware's driver instead)", (unsigned long long)crb->regs, which, (unsigned long long)address,
			      (unsigned long long)crb->regs + CRB_DATA_BUFFER,
			      (unsigned long long)crb->regs + CRB_LOCALITY_WINDOW - 1);
}

/* Reads and checks where the command goes and where the response comes from. */
static enum transport_status locate_buffers(struct crb_transport *crb, struct crb_buffers *b)
{
	b->cmd_addr = (uint64_t)reg_read(crb, CRB_CTRL_CMD_HADDR) << 32 | reg_read(crb, CRB_CTRL_CMD_LADDR);
	b->rsp_addr = (uint64_t)reg_read(crb, CRB_CTRL_RSP_ADDR + 4) << 32 | reg_read(crb, CRB_CTRL_RSP_ADDR);
	if (!buffer_in_window(crb, b->cmd_addr, reg_read(crb, CRB_CTRL_CMD_SIZE), &b->cmd_size))
		return outside(crb, "CRB-CMD-BUFFER-OUTSIDE", "command", b->cmd_addr);
	if (!buffer_in_window(crb, b->rsp_addr, reg_read(crb, CRB_CTRL_RSP_SIZE), &b->rsp_size))
		return outside(crb, "CRB-RSP-BUFFER-OUTSIDE", "response", b->rsp_addr);
	if (b->rsp_size < TPM_HEADER_SIZE)
		return fail(crb, TRANSPORT_BAD_RESPONSE, "CRB-RSP-BUFFER-SMALL",
			    "the response buffer (CTRL_RSP_SIZE) is smaller than a response header");
	return TRANSPORT_OK;
}

static enum transport_status run_command(struct crb_transport *crb, const uint8_t *cmd, size_t cmd_len,
					 uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
	struct crb_buffers b;
	enum transport_status s = locate_buffers(crb, &b);
	if (s != TRANSPORT_OK)
		return s;
	if (cmd_len > b.cmd_size)
		return fail(crb, TRANSPORT_IO_ERROR, "CRB-CMD-TOO-LARGE",
			    "the command is larger than the TPM's command buffer");
	copy_out(crb, b.cmd_addr, cmd, cmd_len);
	reg_write(crb, CRB_CTRL_START, CRB_START);
	if (!mmio_wait32(crb->bus, crb->regs + CRB_CTRL_START, CRB_START, 0, TPM_COMMAND_TIMEOUT_MS))
		return fail(crb, TRANSPORT_TIMEOUT, "CRB-START-TIMEOUT",
			    "the TPM did not finish the command within 120 s");
	copy_in(crb, b.rsp_addr, rsp, TPM_HEADER_SIZE);
	uint32_t len = tpm_header_size(rsp);
	if (len < TPM_HEADER_SIZE || len > b.rsp_size || len > rsp_cap)
		return fail(crb, TRANSPORT_BAD_RESPONSE, "CRB-RSP-SIZE-INVALID",
			    "the response size in the header is out of range");
	copy_in(crb, b.rsp_addr + TPM_HEADER_SIZE, rsp + TPM_HEADER_SIZE, len - TPM_HEADER_SIZE);
	*rsp_len = len;
	return TRANSPORT_OK;
}

static enum transport_status crb_exchange(struct tpm_transport *t, const uint8_t *cmd, size_t cmd_len,
					  uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
	struct crb_transport *crb = (struct crb_transport *)t;
	enum transport_status s = request_locality(crb);
	if (s != TRANSPORT_OK)
		return s;
	s = make_ready(crb);
	if (s == TRANSPORT_OK)
		s = run_command(crb, cmd, cmd_len, rsp, rsp_cap, rsp_len);
	finish(crb);
	return s;
}

static void crb_close(struct tpm_transport *t)
{
	(void)t;
}

void crb_transport_init(struct crb_transport *crb, struct mmio_bus *bus, uint64_t regs)
{
	memset(crb, 0, sizeof(*crb));
	crb->base.name = "crb";
	crb->base.exchange = crb_exchange;
	crb->base.close = crb_close;
	crb->bus = bus;
	crb->regs = regs;
	snprintf(crb->base.detail, sizeof(crb->base.detail), "CRB registers at 0x%llx", (unsigned long long)regs);
}
