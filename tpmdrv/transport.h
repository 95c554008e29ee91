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

/*
 * Every failure carries a stable code beside its sentence, <LAYER>-<WHAT> in capitals (CRB, TIS, TCG2, DEV,
 * SWTPM, and TPM for what any transport may meet), in the manner of iPXE's error codes (https://ipxe.org/err):
 * the sentence may be reworded, the code stays, so failures can be counted by cause across a factory. One code
 * names one cause; each is listed with its meaning and what to do in docs/transports.md, "Failure codes".
 * The same length as the network's codes (net/failure_code.h), so both fit the same evidence.
 */
enum { TRANSPORT_CODE_MAX = 32 };

enum transport_status {
	TRANSPORT_OK = 0,
	TRANSPORT_NO_DEVICE,   /* nothing answers at the interface */
	TRANSPORT_TIMEOUT,     /* the device stopped answering within a PTP timeout */
	TRANSPORT_TPM12,       /* the device is a TPM 1.2 */
	TRANSPORT_BAD_RESPONSE,/* a response whose framing is inconsistent */
	TRANSPORT_IO_ERROR,    /* the operating system or firmware refused */
};

/*
 * The clock the TCTI adapter waits on between resends of a command the TPM answered with a warning
 * (tcti_transport.c). A transport leaves it NULL and the platform's clock is used (boot/platform.h); the unit
 * tests and fuzz targets give a simulated one, so a warning costs them no real time and the bounds are measured.
 */
struct tpm_clock {
	uint64_t (*now_ms)(void *ctx);
	void (*sleep_ms)(void *ctx, uint32_t ms);
	void *ctx;
};

struct tpm_transport {
	const char *name; /* "crb", "tis", "tcg2", "device", "swtpm" */
	const struct tpm_clock *clock; /* NULL: the platform's */
	enum transport_status (*exchange)(struct tpm_transport *t, const uint8_t *cmd, size_t cmd_len,
					  uint8_t *rsp, size_t rsp_cap, size_t *rsp_len);
	void (*close)(struct tpm_transport *t);
	char error[200]; /* what went wrong last, in words a technician can act on */
	char code[TRANSPORT_CODE_MAX]; /* and its stable code, e.g. "CRB-START-TIMEOUT" ("" before any failure) */
	char detail[200];/* what the interface is: addresses, register values, device path */
	/* A departure from the specification the firmware's interface showed and the transport worked around:
	 * counted, and the last one in words; the engine shows it on the check it happened in, as the firmware's. */
	unsigned quirks;
	char quirk[200];
};

const char *transport_status_name(enum transport_status s);

/* Records a failure's code (a literal from docs/transports.md) into a TRANSPORT_CODE_MAX buffer. */
void transport_code_set(char *code, const char *value);
/* Records a failure of t, its code and its sentence; returns s. */
enum transport_status transport_fail(struct tpm_transport *t, enum transport_status s, const char *code,
				     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Reads the command or response size from a TPM 2.0 header (Part 1, 18.2). */
uint32_t tpm_header_size(const uint8_t *header);

#endif
