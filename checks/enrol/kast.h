/*
 * kast.h - the key attestation statement Windows puts in its AIK request
 * (attribute szOID_ENROLL_ATTESTATION_STATEMENT, MS-WCCE 2.2.2.7.x; layout from
 * the public reconstruction, google/security-research
 * pocs/bios/tpm-carte-blanche/lib/akscep/akcsr.go): a little-endian header
 *   magic "KAST" (0x5453414B), version 1, platform 2 (TPM 2.0), headerSize 28,
 *   cbIdBinding, cbKeyAttestation 0, cbAIKOpaque 0
 * and idBinding = TPM2B_PUBLIC(AIK) || TPM2B_CREATION_DATA || TPM2B_ATTEST || TPMT_SIGNATURE, each marshalled as
 * the TPM does (TPM 2.0 Part 2, big-endian), here with tss2-mu.
 */
#ifndef PREFLIGHT_KAST_H
#define PREFLIGHT_KAST_H
#include "checks/enrol/aik_enrol.h"

enum { KAST_MAGIC = 0x5453414B, KAST_VERSION = 1, KAST_PLATFORM_TPM20 = 2, KAST_HEADER_SIZE = 28 };

/* The statement (malloc'd), or NULL with a reason. */
uint8_t *kast_build(const struct aik_enrol_tpm *tpm, size_t *len, const char **why);

#endif
