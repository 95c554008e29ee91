/*
 * fake_tpm.h - simulated CRB and FIFO register files for the unit tests of
 * the direct TPM interfaces. They follow the PTP state machines closely
 * enough to exercise the drivers' handshakes, and can misbehave on request.
 */
#ifndef PREFLIGHT_FAKE_TPM_H
#define PREFLIGHT_FAKE_TPM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "tpmdrv/mmio_bus.h"

enum fake_fault {
	FAKE_OK,
	FAKE_ABSENT,        /* registers read 0, nothing is granted */
	FAKE_HANG,          /* the command never completes */
	FAKE_HUGE_RESPONSE, /* the response header announces more than the buffer */
	FAKE_TPM12,         /* FIFO: tpmFamily reads 1.2 */
	FAKE_NO_BURST,      /* FIFO: burstCount stays 0 */
	FAKE_DRIP,          /* FIFO: one byte at a time, each after FAKE_DRIP_US (within TIMEOUT_A) */
};

enum { FAKE_DRIP_US = 700000 };

struct fake_tpm {
	struct mmio_bus bus;
	uint64_t base;
	enum fake_fault fault;
	bool is_crb;
	/* CRB registers */
	uint32_t loc_state, loc_sts, ctrl_sts, ctrl_start;
	uint64_t cmd_addr, rsp_addr;         /* what CTRL_CMD_LADDR/HADDR and CTRL_RSP_ADDR say */
	uint32_t cmd_size, rsp_size;         /* what CTRL_CMD_SIZE and CTRL_RSP_SIZE say */
	size_t stray_writes, stray_reads;    /* byte accesses outside the data buffer (base + 0x80 .. base + 0xFFF) */
	/* FIFO registers */
	uint8_t access;
	bool ready, responding;
	uint8_t cmd[4096];
	size_t cmd_len;
	uint8_t rsp[4096];
	size_t rsp_len, rsp_pos;
	/* what the TPM answers and what it was sent */
	uint8_t answer[4096];
	size_t answer_len;
	uint8_t last_command[4096];
	size_t last_command_len;
	uint64_t delayed_us;
	uint64_t last_byte_us; /* FAKE_DRIP: delayed_us when the last byte moved */
	uint16_t burst;
};

void fake_crb_init(struct fake_tpm *f, enum fake_fault fault);
void fake_tis_init(struct fake_tpm *f, enum fake_fault fault);
/* Sets the response the TPM gives to the next command. */
void fake_set_answer(struct fake_tpm *f, const uint8_t *rsp, size_t len);

#endif
