/*
 * enrol_outcome.h - what an AIK enrolment's outcome (checks/enrol/aik_enrol.h)
 * means for aik.enrolment: its status, reason and evidence, decided here and
 * nowhere else. The service refusing this TPM is a failure; the service or
 * the network not answering usefully is a warning; the tool's own limits are
 * errors; the TPM's failures are judged by their class, as ek.activation
 * judges them (only the TPM's own refusal is a finding about the TPM).
 */
#ifndef PREFLIGHT_ENROL_OUTCOME_H
#define PREFLIGHT_ENROL_OUTCOME_H
#include <tss2/tss2_common.h>
#include "checks/enrol/aik_enrol.h"
#include "checks/report/report.h"

/* A TPM command of the enrolment (the AIK's creation, its certification, the activation) that failed with rc at
 * `step`: tpm-busy (a warning), tpm-refused (the TPM's own error) or tpm-incomplete (the library, transport or
 * tool). */
void enrol_tpm_failure(TSS2_RC rc, const char *step, struct check_result *r);
/* The enrolment's outcome: ISSUED passes with the certificate's serial, issuer, validity and SHA-256. */
void enrol_outcome_judge(const struct aik_enrol_outcome *o, struct check_result *r);

#endif
