/* fake_tpm.c - simulated TPM register files (CRB: PTP 6.5; FIFO: PTP 6.4) for unit tests. */
#include "fake_tpm.h"
#include <string.h>
#include "tpmdrv/crb.h"
#include "tpmdrv/tis.h"

enum { DATA_OFFSET = 0x80, BUFFER = 3968 };

static struct fake_tpm *of(struct mmio_bus *bus)
{
	return (struct fake_tpm *)bus;
}

static void execute(struct fake_tpm *f)
{
	memcpy(f->last_command, f->cmd, f->cmd_len);
	f->last_command_len = f->cmd_len;
	memcpy(f->rsp, f->answer, f->answer_len);
	f->rsp_len = f->answer_len;
	f->rsp_pos = 0;
	if (f->fault == FAKE_HUGE_RESPONSE) {
		f->rsp[2] = 0x7f; /* size field: 0x7f...... */
	}
}

static void delay(struct mmio_bus *bus, uint32_t us)
{
	of(bus)->delayed_us += us;
}

/* ---- CRB ---- */

static uint32_t crb_read32(struct mmio_bus *bus, uint64_t a)
{
	struct fake_tpm *f = of(bus);
	if (f->fault == FAKE_ABSENT)
		return 0;
	switch (a - f->base) {
	case CRB_LOC_STATE: return f->loc_state;
	case CRB_LOC_STS: return f->loc_sts;
	case CRB_INTF_ID: return 0x00025811;
	case CRB_CTRL_REQ: return 0;
	case CRB_CTRL_STS: return f->ctrl_sts;
	case CRB_CTRL_START: return f->ctrl_start;
	case CRB_CTRL_CMD_SIZE: return f->cmd_size;
	case CRB_CTRL_CMD_LADDR: return (uint32_t)f->cmd_addr;
	case CRB_CTRL_CMD_HADDR: return (uint32_t)(f->cmd_addr >> 32);
	case CRB_CTRL_RSP_SIZE: return f->rsp_size;
	case CRB_CTRL_RSP_ADDR: return (uint32_t)f->rsp_addr;
	case CRB_CTRL_RSP_ADDR + 4: return (uint32_t)(f->rsp_addr >> 32);
	default: return 0;
	}
}

static void crb_locality(struct fake_tpm *f, uint32_t v)
{
	if (v & CRB_LOC_CTRL_REQUEST) {
		f->loc_state = CRB_LOC_STATE_ASSIGNED | CRB_LOC_STATE_REG_VALID;
		f->loc_sts = CRB_LOC_STS_GRANTED;
	}
	if (v & CRB_LOC_CTRL_RELINQUISH) {
		f->loc_state = CRB_LOC_STATE_REG_VALID;
		f->loc_sts = 0;
	}
}

static void crb_write32(struct mmio_bus *bus, uint64_t a, uint32_t v)
{
	struct fake_tpm *f = of(bus);
	if (f->fault == FAKE_ABSENT)
		return;
	switch (a - f->base) {
	case CRB_LOC_CTRL:
		crb_locality(f, v);
		break;
	case CRB_CTRL_REQ:
		if (v & CRB_REQ_CMD_READY) {
			f->ctrl_sts &= ~CRB_STS_IDLE;
			f->last_command_len = 0;
		}
		if (v & CRB_REQ_GO_IDLE)
			f->ctrl_sts |= CRB_STS_IDLE;
		break;
	case CRB_CTRL_START:
		/* The CRB buffer is shared: the response overwrites the command (PTP 6.5.3.4). */
		f->cmd_len = f->last_command_len;
		if (f->fault == FAKE_HANG) {
			f->ctrl_start = 1;
			break;
		}
		execute(f);
		memcpy(f->cmd, f->rsp, f->rsp_len);
		break;
	}
}

static uint8_t crb_read8(struct mmio_bus *bus, uint64_t a)
{
	struct fake_tpm *f = of(bus);
	uint64_t off = a - f->base - DATA_OFFSET;
	if (off >= BUFFER) {
		f->stray_reads++;
		return 0;
	}
	return f->cmd[off];
}

static void crb_write8(struct mmio_bus *bus, uint64_t a, uint8_t v)
{
	struct fake_tpm *f = of(bus);
	uint64_t off = a - f->base - DATA_OFFSET;
	if (off >= BUFFER)
		f->stray_writes++;
	if (f->fault == FAKE_ABSENT || off >= BUFFER)
		return;
	f->cmd[off] = v;
	if (off + 1 > f->last_command_len)
		f->last_command_len = off + 1;
}

void fake_crb_init(struct fake_tpm *f, enum fake_fault fault)
{
	memset(f, 0, sizeof(*f));
	f->bus = (struct mmio_bus){ crb_read8, crb_write8, crb_read32, crb_write32, delay };
	f->base = 0xFED40000;
	f->fault = fault;
	f->is_crb = true;
	f->loc_state = CRB_LOC_STATE_REG_VALID;
	f->ctrl_sts = CRB_STS_IDLE;
	f->cmd_addr = f->rsp_addr = f->base + DATA_OFFSET;
	f->cmd_size = f->rsp_size = BUFFER;
}

/* ---- FIFO ---- */

static uint32_t tis_sts(struct fake_tpm *f)
{
	uint32_t s = TIS_STS_VALID;
	if (f->fault != FAKE_TPM12)
		s |= 1u << TIS_STS_FAMILY_SHIFT;
	if (f->ready)
		s |= TIS_STS_COMMAND_READY;
	if (f->responding && f->rsp_pos < f->rsp_len)
		s |= TIS_STS_DATA_AVAIL;
	if (f->ready && !f->responding) {
		size_t want = f->cmd_len >= 6 ? ((size_t)f->cmd[2] << 24 | f->cmd[3] << 16 | f->cmd[4] << 8 | f->cmd[5]) : 10;
		if (f->cmd_len < want)
			s |= TIS_STS_EXPECT;
	}
	if (f->fault == FAKE_DRIP)
		s |= (f->delayed_us - f->last_byte_us >= FAKE_DRIP_US ? 1u : 0u) << TIS_STS_BURST_SHIFT;
	else if (f->fault != FAKE_NO_BURST)
		s |= (uint32_t)f->burst << TIS_STS_BURST_SHIFT;
	return s;
}

static uint32_t tis_read32(struct mmio_bus *bus, uint64_t a)
{
	struct fake_tpm *f = of(bus);
	if (f->fault == FAKE_ABSENT)
		return 0;
	switch (a - f->base) {
	case TIS_STS: return tis_sts(f);
	case TIS_INTERFACE_ID: return 0x00002100;
	default: return 0;
	}
}

static void tis_write32(struct mmio_bus *bus, uint64_t a, uint32_t v)
{
	struct fake_tpm *f = of(bus);
	if (f->fault == FAKE_ABSENT || a - f->base != TIS_STS)
		return;
	if (v & TIS_STS_COMMAND_READY) {
		f->ready = true;
		f->responding = false;
		f->cmd_len = 0;
	}
	if ((v & TIS_STS_GO) && f->ready && f->fault != FAKE_HANG) {
		execute(f);
		f->responding = true;
	}
}

static uint8_t tis_read8(struct mmio_bus *bus, uint64_t a)
{
	struct fake_tpm *f = of(bus);
	if (f->fault == FAKE_ABSENT)
		return 0;
	if (a - f->base == TIS_ACCESS)
		return f->access;
	if (a - f->base == TIS_DATA_FIFO && f->responding && f->rsp_pos < f->rsp_len) {
		f->last_byte_us = f->delayed_us;
		return f->rsp[f->rsp_pos++];
	}
	return 0;
}

static void tis_write8(struct mmio_bus *bus, uint64_t a, uint8_t v)
{
	struct fake_tpm *f = of(bus);
	if (f->fault == FAKE_ABSENT)
		return;
	if (a - f->base == TIS_ACCESS) {
		if (v & TIS_ACCESS_REQUEST_USE)
			f->access = TIS_ACCESS_ACTIVE_LOCALITY | TIS_ACCESS_VALID;
		else if (v & TIS_ACCESS_ACTIVE_LOCALITY)
			f->access = TIS_ACCESS_VALID;
		return;
	}
	if (a - f->base == TIS_DATA_FIFO && f->ready && !f->responding && f->cmd_len < sizeof(f->cmd)) {
		f->cmd[f->cmd_len++] = v;
		f->last_command_len = f->cmd_len;
		f->last_byte_us = f->delayed_us;
	}
}

void fake_tis_init(struct fake_tpm *f, enum fake_fault fault)
{
	memset(f, 0, sizeof(*f));
	f->bus = (struct mmio_bus){ tis_read8, tis_write8, tis_read32, tis_write32, delay };
	f->base = 0xFED40000;
	f->fault = fault;
	f->burst = 7; /* odd, so commands straddle bursts */
}

void fake_set_answer(struct fake_tpm *f, const uint8_t *rsp, size_t len)
{
	memcpy(f->answer, rsp, len);
	f->answer_len = len;
}
