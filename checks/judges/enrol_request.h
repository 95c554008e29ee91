/*
 * enrol_request.h - what the AIK enrolment tells Microsoft about the unit,
 * chosen here in one place and shown in the report (docs/network.md, "The
 * AIK enrolment"): the RSA EK certificate (with its public key and the TPM
 * manufacturer, model and firmware version its subjectAltName names), the EK
 * certificate's intermediate CAs, and the two names the request carries -
 * neutral values that say nothing about the unit or its owner.
 */
#ifndef PREFLIGHT_ENROL_REQUEST_H
#define PREFLIGHT_ENROL_REQUEST_H
#include "checks/engine/engine_internal.h"
#include "checks/enrol/aik_enrol.h"

/* The OS version attribute (szOID_OS_VERSION 1.3.6.1.4.1.311.13.2.3): Windows 11 24H2's build, which an enrolment
 * made before the OS is installed stands in for. */
#define ENROL_OS_VERSION "10.0.26100.2"
/* ClientInfo's machine name (1.3.6.1.4.1.311.21.20): fixed, never the unit's serial or a user's name; the user name
 * beside it is made from it (checks/enrol/aik_enrol.c: WORKGROUP\PREFLIGHT$). */
#define ENROL_MACHINE_NAME "PREFLIGHT"

enum { ENROL_CHAIN_MAX = 6 };

struct enrol_request {
	struct aik_enrol_identity identity;
	const uint8_t *chain[ENROL_CHAIN_MAX];
	size_t chain_len[ENROL_CHAIN_MAX];
	const struct cert_facts *ek;
};

/* Fills the identity from the run's RSA EK certificate; the pointers stay valid for the run. */
void enrol_request_fill(const struct engine *e, struct enrol_request *out);
/* What was sent (when `sent`, the request's bytes, is not 0), as the outcome's evidence. */
void enrol_request_evidence(const struct enrol_request *req, size_t sent, struct check_result *r);

#endif
