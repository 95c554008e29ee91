/*
 * scripted_keys.h - the scripted TPM's key and session commands (the EK by
 * CreatePrimary, the activation self-test's policy sessions and attestation
 * key). Internal to scripted_tpm.c and scripted_keys.c.
 */
#ifndef PREFLIGHT_SCRIPTED_KEYS_H
#define PREFLIGHT_SCRIPTED_KEYS_H
#include "scripted_tpm.h"

struct scripted_answer {
	uint8_t *buf;
	size_t cap, off;
};

/* A big-endian word of a command or response. */
uint32_t scripted_be32(const uint8_t *p);
/* Finishes a response: the header with its size and code (an error is the header alone); returns its length. */
size_t scripted_finish(struct scripted_answer *a, uint16_t tag, uint32_t rc);

/* Answers one of CreatePrimary, StartAuthSession, PolicySecret, Create, Load, ActivateCredential, CertifyCreation;
 * returns the
 * response length, or 0 when cc is none of them. Notes the template type in `call`. */
size_t scripted_key_command(struct scripted_tpm *t, const uint8_t *cmd, size_t len, struct scripted_answer *a,
			    struct scripted_call *call);

#endif
