/* tpm_rc.h - TPM and TSS response codes in words (TPM 2.0 Part 2, 6.6 TPM_RC; TSS 2.0 layers). */
#ifndef PREFLIGHT_TPM_RC_H
#define PREFLIGHT_TPM_RC_H
#include <stddef.h>
#include <stdint.h>
/* Writes e.g. "0x00000101 TPM_RC_FAILURE: the TPM is in failure mode" into out. */
void tpm_rc_describe(uint32_t rc, char *out, size_t len);
/* The name of a command code (TPM 2.0 Part 2, 6.5 TPM_CC), e.g. "TPM2_GetCapability"; "TPM2_CC 0x...." else. */
void tpm_command_name(uint32_t cc, char *out, size_t len);
#endif
