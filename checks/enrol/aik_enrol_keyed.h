/*
 * aik_enrol_keyed.h - aik_enrol_run with the client's SCEP key given instead
 * of made: the tests and the fuzz targets use a fixed key, since making an
 * RSA-2048 key takes seconds. Not for the checks: a key must be new each run.
 */
#ifndef PREFLIGHT_AIK_ENROL_KEYED_H
#define PREFLIGHT_AIK_ENROL_KEYED_H
#include "checks/enrol/aik_enrol.h"

/* client_key: PEM (NUL-terminated, len counting the NUL) or DER; NULL makes a new key as aik_enrol_run does. */
int aik_enrol_run_keyed(const struct aik_enrol_target *target, const struct aik_enrol_tpm *tpm,
			const struct aik_enrol_identity *id, const struct aik_enrol_io *io, const uint8_t *client_key,
			size_t client_key_len, struct aik_enrol_outcome *out);

#endif
