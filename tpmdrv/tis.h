/*
 * tis.h - the FIFO interface over MMIO (TCG PC Client Platform TPM Profile
 * 2.0, section 6.4; TIS 1.3 for TPM 1.2 parts), locality 0.
 */
#ifndef PREFLIGHT_TIS_H
#define PREFLIGHT_TIS_H
#include "transport.h"
#include "mmio_bus.h"

struct tis_transport {
	struct tpm_transport base;
	struct mmio_bus *bus;
	uint64_t regs; /* locality 0 register block */
	struct mmio_budget budget; /* what is left of the current exchange's TIS_EXCHANGE_MS */
};

/* One command exchange, from requesting the locality to the last response byte, ends within this. */
enum { TIS_EXCHANGE_MS = TPM_COMMAND_TIMEOUT_MS };

void tis_transport_init(struct tis_transport *tis, struct mmio_bus *bus, uint64_t regs);

/* PTP 6.4 / TIS register offsets within a locality's block. */
enum {
	TIS_ACCESS = 0x00,
	TIS_STS = 0x18,
	TIS_DATA_FIFO = 0x24,
	TIS_INTERFACE_ID = 0x30,
	TIS_DID_VID = 0xF00,
};

enum {
	TIS_ACCESS_REQUEST_USE = 1u << 1,
	TIS_ACCESS_ACTIVE_LOCALITY = 1u << 5,
	TIS_ACCESS_VALID = 1u << 7,
	TIS_STS_EXPECT = 1u << 3,
	TIS_STS_DATA_AVAIL = 1u << 4,
	TIS_STS_GO = 1u << 5,
	TIS_STS_COMMAND_READY = 1u << 6,
	TIS_STS_VALID = 1u << 7,
	TIS_STS_BURST_SHIFT = 8,
	TIS_STS_FAMILY_SHIFT = 26, /* PTP: 00 = TPM 1.2, 01 = TPM 2.0 */
};

#endif
