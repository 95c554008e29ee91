/* tpm_rc.h - TPM and TSS response codes in words (TPM 2.0 Part 2, 6.6 TPM_RC; TSS 2.0 layers). */
#ifndef PREFLIGHT_TPM_RC_H
#define PREFLIGHT_TPM_RC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
/* Writes e.g. "0x00000101 TPM_RC_FAILURE: the TPM is in failure mode" into out. */
void tpm_rc_describe(uint32_t rc, char *out, size_t len);
/* The name of a command code (TPM 2.0 Part 2, 6.5 TPM_CC), e.g. "TPM2_GetCapability"; "TPM2_CC 0x...." else. */
void tpm_command_name(uint32_t cc, char *out, size_t len);
/* The TPM's own answer (layer 0) and a warning (TPM 2.0 Part 2, 6.6.2: format zero with TPM_RC_WARN): the TPM could
 * not run the command now (out of object or session memory, in lockout, busy), which says nothing about its keys. */
bool tpm_rc_is_warning(uint32_t rc);
#endif
