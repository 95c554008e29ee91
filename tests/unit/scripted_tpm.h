/*
 * scripted_tpm.h - a TPM simulated at the command level for the unit tests
 * of the checks: it keeps NV indices, loaded objects and sessions, answers
 * the commands the checks send (GetCapability, NV_ReadPublic, NV_Read,
 * ReadPublic, FlushContext) and logs every command with its handles. On
 * request one command creates its object or session and then the transport
 * times out, as a TPM that stops answering mid-command would.
 */
#ifndef PREFLIGHT_SCRIPTED_TPM_H
#define PREFLIGHT_SCRIPTED_TPM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "tpm_responses.h"
#include "tpmdrv/transport.h"

enum { SCRIPTED_MAX = 32, SCRIPTED_LOG_MAX = 512 };

struct scripted_nv {
	uint32_t index, attributes;
	uint16_t size;
};

struct scripted_call {
	uint32_t cc, handle[2];
};

struct scripted_tpm {
	struct tpm_transport base;
	struct property props[SCRIPTED_MAX];  /* ascending ids */
	int prop_count;
	struct scripted_nv nv[SCRIPTED_MAX];
	size_t nv_count;
	uint32_t loaded[SCRIPTED_MAX];        /* transient objects (0x80...) and sessions (0x02..., 0x03...) */
	size_t loaded_count;
	uint32_t strand_cc;                    /* this command creates its handle, then times out */
	uint32_t fail_cc, fail_rc;             /* this command is answered with this response code */
	uint32_t truncate_cc;                  /* this command's answer loses its last 4 bytes, header adjusted */
	bool strand_garbles;                   /* ... or answers "success" with a body that cannot be decoded */
	bool persistent_rsa_ek;                /* 0x81010001 holds an RSA-2048 EK */
	struct scripted_call log[SCRIPTED_LOG_MAX];
	size_t log_count;
	uint32_t created;
};

/* A TPM 2.0 with swtpm's fixed properties, no owner password, the hierarchies enabled, nothing in NV. */
void scripted_init(struct scripted_tpm *t);
void scripted_set_property(struct scripted_tpm *t, uint32_t id, uint32_t value);
void scripted_add_nv(struct scripted_tpm *t, uint32_t index, uint32_t attributes, uint16_t size);
/* The transient objects and sessions that are loaded now. */
bool scripted_is_loaded(const struct scripted_tpm *t, uint32_t handle);
/* A whole offline run of the engine against this TPM, into report. */
struct report;
void scripted_run_engine(struct scripted_tpm *t, struct report *report);
/* How many commands with this code were sent. */
size_t scripted_count(const struct scripted_tpm *t, uint32_t cc);

#endif
