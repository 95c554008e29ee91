/*
 * aik_chain_probe.h - the second half of aik.authority.probe: once the AIK
 * service has answered GetCACaps, GetCACertChain (docs/attestation-facts.md
 * §10) and what its certificates prove (checks/ekcert/aik_service_chain.h).
 */
#ifndef PREFLIGHT_AIK_CHAIN_PROBE_H
#define PREFLIGHT_AIK_CHAIN_PROBE_H
#include "checks/engine/engine_internal.h"

/* Asks for the chain and replaces the outcome's status, reason and summary by what it shows; adds its evidence. */
void probe_aik_chain(const struct engine *e, struct check_result *res);

#endif
