/* tpm_rc.c - the response codes a technician may meet, in words. */
#include "tpm_rc.h"
#include <stdio.h>

struct rc_text {
	uint32_t rc;
	const char *name;
	const char *meaning;
};

/* TPM 2.0 Part 2, table 16; TSS 2.0 TCTI layer 10 (0x000A0000), SYS layer 8 (0x00080000). */
static const struct rc_text known[] = {
	{ 0x00000100, "TPM_RC_INITIALIZE", "the TPM was not started (TPM2_Startup not sent by the firmware)" },
	{ 0x00000101, "TPM_RC_FAILURE", "the TPM is in failure mode" },
	{ 0x00000143, "TPM_RC_COMMAND_CODE", "the TPM does not implement this command" },
	{ 0x00000921, "TPM_RC_LOCKOUT", "the TPM is in dictionary-attack lockout" },
	{ 0x00000922, "TPM_RC_RETRY", "the TPM asked to retry the command" },
	{ 0x000A0008, "TCTI_NO_CONNECTION", "the transport found no TPM" },
	{ 0x000A0009, "TCTI_TRY_AGAIN", "the TPM did not answer in time" },
	{ 0x000A000A, "TCTI_IO_ERROR", "the transport failed" },
	{ 0x000A0011, "TCTI_MALFORMED_RESPONSE", "the TPM's response is malformed" },
	{ 0x00080011, "SYS_MALFORMED_RESPONSE", "the TPM's response could not be decoded" },
	{ 0x00080013, "SYS_INSUFFICIENT_RESPONSE", "the TPM's response is too short" },
};

void tpm_rc_describe(uint32_t rc, char *out, size_t len)
{
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (known[i].rc == rc) {
			snprintf(out, len, "0x%08x %s: %s", (unsigned)rc, known[i].name, known[i].meaning);
			return;
		}
	}
	snprintf(out, len, "0x%08x", (unsigned)rc);
}
