/*
 * scripted_tpm.h - a TPM simulated at the command level for the unit tests
 * of the checks: it keeps NV indices, loaded objects and sessions, answers
 * the commands the checks send (GetCapability, NV_ReadPublic, NV_Read,
 * ReadPublic, FlushContext, GetTestResult, GetRandom, and the activation
 * self-test's CreatePrimary, StartAuthSession, PolicySecret, Create, Load,
 * ActivateCredential - keys are made of fixed bytes, and the credential comes
 * back wrong, since nothing is really encrypted) and logs every command with
 * its handles and, for a key generation, the template's type. On request one
 * command creates its object or session and then the transport times out, as
 * a TPM that stops answering mid-command would; or a command is answered with
 * a warning a number of times, or with TPM_RC_FAILURE, after which the TPM
 * stays in failure mode as TPM 2.0 Part 1 describes it. Time is simulated:
 * the TCTI's waits advance clock_ms.
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
	const uint8_t *data;                  /* the contents, or NULL for bytes 0x30 */
};

struct engine_options;

struct scripted_call {
	uint32_t cc, handle[2];
	uint16_t key_type;                     /* CreatePrimary, Create: TPMT_PUBLIC.type of the template */
};

/* A command answered with a response code instead of its result. */
struct scripted_fault {
	uint32_t cc;   /* the command, 0 for none */
	uint32_t word; /* and its first parameter (GetCapability: the capability), 0 for any */
	uint32_t rc;   /* a warning (TPM_RC_RETRY ...), or TPM_RC_FAILURE: the TPM then stays in failure mode */
	int times;     /* how many times; -1: always */
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
	bool strand_garbles;                   /* ... or answers "success" with a body that cannot be decoded */
	uint32_t truncate_cc;                  /* this command's answer loses its last 4 bytes, header adjusted */
	bool persistent_rsa_ek;                /* 0x81010001 holds an RSA-2048 EK */
	uint32_t srk_attributes;               /* 0x81000001 holds an RSA storage key with these TPMA_OBJECT bits (0: none) */
	struct scripted_call log[SCRIPTED_LOG_MAX];
	size_t log_count;
	uint32_t created;
	struct scripted_fault fault;
	bool failure_mode;                     /* answers only GetTestResult and GetCapability, as Part 1 says */
	uint64_t clock_ms;                     /* the simulated time: advanced only by the TCTI's waits */
	struct tpm_clock clock;
	int activation_key;                    /* scripted_run_engine's engine option (enum ak_kind) */
	uint8_t random_next;                   /* GetRandom answers 0, 1, 2 ... (at most a SHA-256 digest's 32 bytes) */
	uint32_t random_rc;                    /* GetRandom fails with this code when set */
	/* scripted_run_engine's further engine options (online callbacks, opt-ins), or NULL */
	void (*configure)(struct engine_options *o);
};

/* A TPM 2.0 with swtpm's fixed properties, no owner password, the hierarchies enabled, nothing in NV. */
void scripted_init(struct scripted_tpm *t);
void scripted_set_property(struct scripted_tpm *t, uint32_t id, uint32_t value);
void scripted_add_nv(struct scripted_tpm *t, uint32_t index, uint32_t attributes, uint16_t size);
/* An index holding `data` (kept by reference). */
void scripted_add_nv_data(struct scripted_tpm *t, uint32_t index, uint32_t attributes, const uint8_t *data, uint16_t size);
/* The transient objects and sessions that are loaded now. */
bool scripted_is_loaded(const struct scripted_tpm *t, uint32_t handle);
/* swtpm's RSA EK certificate (tests/fuzz/seeds/fuzz_ek_cert/swtpm-ek-rsa.der), from the working directory (the
 * clone's root) or from beside build/tests/unit/; its length, 0 when not found or larger than cap. */
size_t scripted_swtpm_ek_cert(uint8_t *buf, size_t cap);
/* A whole run of the engine against this TPM, into report: offline unless t->configure says otherwise. */
struct report;
void scripted_run_engine(struct scripted_tpm *t, struct report *report);
/* How many commands with this code were sent. */
size_t scripted_count(const struct scripted_tpm *t, uint32_t cc);
/* How many key generations (CreatePrimary, Create) of this type (TPM2_ALG_RSA, TPM2_ALG_ECC) were asked for. */
size_t scripted_key_generations(const struct scripted_tpm *t, uint16_t type);

#endif
