/*
 * crb.h - the Command Response Buffer interface over MMIO (TCG PC Client
 * Platform TPM Profile 2.0, section 6.5), locality 0.
 */
#ifndef PREFLIGHT_CRB_H
#define PREFLIGHT_CRB_H
#include "transport.h"
#include "mmio_bus.h"

struct crb_transport {
	struct tpm_transport base;
	struct mmio_bus *bus;
	uint64_t regs; /* locality 0 register block */
};

/* Prepares a CRB transport at the register block `regs` (the ACPI TPM2 control area minus 0x40). */
void crb_transport_init(struct crb_transport *crb, struct mmio_bus *bus, uint64_t regs);

/* PTP 6.5.3 register offsets within a locality's block. */
enum {
	CRB_LOC_STATE = 0x00,
	CRB_LOC_CTRL = 0x08,
	CRB_LOC_STS = 0x0C,
	CRB_INTF_ID = 0x30,
	CRB_CTRL_REQ = 0x40,
	CRB_CTRL_STS = 0x44,
	CRB_CTRL_CANCEL = 0x48,
	CRB_CTRL_START = 0x4C,
	CRB_CTRL_CMD_SIZE = 0x58,
	CRB_CTRL_CMD_LADDR = 0x5C,
	CRB_CTRL_CMD_HADDR = 0x60,
	CRB_CTRL_RSP_SIZE = 0x64,
	CRB_CTRL_RSP_ADDR = 0x68,
	CRB_DATA_BUFFER = 0x80,
	CRB_LOCALITY_WINDOW = 0x1000, /* each locality's block is 4 KiB; the data buffer is its tail */
};

enum {
	CRB_LOC_STATE_ASSIGNED = 1u << 1,
	CRB_LOC_STATE_ACTIVE_MASK = 7u << 2,
	CRB_LOC_STATE_REG_VALID = 1u << 7,
	CRB_LOC_CTRL_REQUEST = 1u << 0,
	CRB_LOC_CTRL_RELINQUISH = 1u << 1,
	CRB_LOC_STS_GRANTED = 1u << 0,
	CRB_REQ_CMD_READY = 1u << 0,
	CRB_REQ_GO_IDLE = 1u << 1,
	CRB_STS_ERROR = 1u << 0,
	CRB_STS_IDLE = 1u << 1,
	CRB_START = 1u << 0,
};

#endif
