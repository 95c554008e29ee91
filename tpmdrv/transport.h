/*
 * transport.h - a TPM transport moves one command to the TPM and brings its
 * response back, within a bounded time. Every transport (CRB, FIFO/TIS,
 * EFI_TCG2_PROTOCOL, /dev/tpmrm0, swtpm) implements this and is presented to
 * tss2-sys as a TCTI by tcti_transport.c.
 */
#ifndef PREFLIGHT_TRANSPORT_H
#define PREFLIGHT_TRANSPORT_H
#include <stddef.h>
#include <stdint.h>

/* TPM 2.0 Part 3 limits commands and responses to the TPM's MAX_COMMAND_SIZE; 4096 is the PC Client value. */
enum { TPM_BUFFER_MAX = 4096, TPM_HEADER_SIZE = 10 };

enum transport_status {
	TRANSPORT_OK = 0,
	TRANSPORT_NO_DEVICE,   /* nothing answers at the interface */
	TRANSPORT_TIMEOUT,     /* the device stopped answering within a PTP timeout */
	TRANSPORT_TPM12,       /* the device is a TPM 1.2 */
	TRANSPORT_BAD_RESPONSE,/* a response whose framing is inconsistent */
	TRANSPORT_IO_ERROR,    /* the operating system or firmware refused */
};

struct tpm_transport {
	const char *name; /* "crb", "tis", "tcg2", "device", "swtpm" */
	enum transport_status (*exchange)(struct tpm_transport *t, const uint8_t *cmd, size_t cmd_len,
					  uint8_t *rsp, size_t rsp_cap, size_t *rsp_len);
	void (*close)(struct tpm_transport *t);
	char error[200]; /* what went wrong last, in words a technician can act on */
	char detail[200];/* what the interface is: addresses, register values, device path */
};

const char *transport_status_name(enum transport_status s);

/* Reads the command or response size from a TPM 2.0 header (Part 1, 18.2). */
uint32_t tpm_header_size(const uint8_t *header);

#endif
