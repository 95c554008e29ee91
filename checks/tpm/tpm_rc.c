/* tpm_rc.c - the response codes a technician may meet, in words. */
#include "checks/tpm/tpm_rc.h"
#include <stdbool.h>
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
	{ 0x00000148, "TPM_RC_NV_LOCKED", "the NV index is locked for reading" },
	{ 0x00000149, "TPM_RC_NV_AUTHORIZATION", "the NV index does not allow this authorisation" },
	{ 0x0000014A, "TPM_RC_NV_UNINITIALIZED", "the NV index was defined but never written" },
	{ 0x00000921, "TPM_RC_LOCKOUT", "the TPM is in dictionary-attack lockout" },
	{ 0x00000908, "TPM_RC_YIELDED", "the TPM put the command aside for another one (it was not executed)" },
	{ 0x0000090A, "TPM_RC_TESTING", "the TPM is running the self-test the command needs" },
	{ 0x00000922, "TPM_RC_RETRY", "the TPM asked to retry the command" },
	{ 0x000A0008, "TCTI_NO_CONNECTION", "the transport found no TPM" },
	{ 0x000A0009, "TCTI_TRY_AGAIN", "the TPM did not answer in time" },
	{ 0x000A000A, "TCTI_IO_ERROR", "the transport failed" },
	{ 0x000A0011, "TCTI_MALFORMED_RESPONSE", "the TPM's response is malformed" },
	{ 0x00080011, "SYS_MALFORMED_RESPONSE", "the TPM's response could not be decoded" },
	{ 0x00080013, "SYS_INSUFFICIENT_RESPONSE", "the TPM's response is too short" },
};

/* Format-one codes (Part 2, 6.6.2): bit 7 set, the error in bits 0-5, and which handle, session or parameter. */
static const struct rc_text format_one[] = {
	{ 0x084, "TPM_RC_VALUE", "a value is out of range" },
	{ 0x08B, "TPM_RC_HANDLE", "the handle is not loaded" },
	{ 0x08E, "TPM_RC_AUTH_FAIL", "the authorisation failed (counts towards lockout)" },
	{ 0x09D, "TPM_RC_POLICY_FAIL", "the policy is not satisfied" },
	{ 0x0A2, "TPM_RC_BAD_AUTH", "the authorisation failed (a password is set)" },
};

static bool describe_format_one(uint32_t rc, char *out, size_t len)
{
	if ((rc & 0xFFFFF000) || !(rc & 0x80))
		return false;
	uint32_t base = 0x80 | (rc & 0x3F), n = (rc >> 8) & 0xF;
	const char *what = rc & 0x40 ? "parameter" : rc & 0x800 ? "session" : "handle";
	for (size_t i = 0; i < sizeof(format_one) / sizeof(format_one[0]); i++)
		if (format_one[i].rc == base) {
			snprintf(out, len, "0x%08x %s (%s %u): %s", (unsigned)rc, format_one[i].name, what,
				 (unsigned)(rc & 0x40 ? n : n & 7), format_one[i].meaning);
			return true;
		}
	return false;
}

void tpm_rc_describe(uint32_t rc, char *out, size_t len)
{
	if (describe_format_one(rc, out, len))
		return;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (known[i].rc == rc) {
			snprintf(out, len, "0x%08x %s: %s", (unsigned)rc, known[i].name, known[i].meaning);
			return;
		}
	}
	snprintf(out, len, "0x%08x", (unsigned)rc);
}

/* The commands the tool sends, and a few a technician may meet in another tool's log (Part 2, table 12). */
static const struct { uint32_t cc; const char *name; } commands[] = {
	{ 0x00000131, "TPM2_CreatePrimary" }, { 0x00000147, "TPM2_ActivateCredential" },
	{ 0x0000014E, "TPM2_NV_Read" },       { 0x00000153, "TPM2_Create" },
	{ 0x00000157, "TPM2_Load" },          { 0x00000143, "TPM2_SelfTest" },
	{ 0x00000151, "TPM2_PolicySecret" },  { 0x00000165, "TPM2_FlushContext" },
	{ 0x00000169, "TPM2_NV_ReadPublic" }, { 0x00000173, "TPM2_ReadPublic" },
	{ 0x00000176, "TPM2_StartAuthSession" }, { 0x0000017A, "TPM2_GetCapability" },
	{ 0x0000017B, "TPM2_GetRandom" },     { 0x0000017C, "TPM2_GetTestResult" },
	{ 0x0000016C, "TPM2_PolicyCommandCode" }, { 0x0000017E, "TPM2_PCR_Read" },
};

void tpm_command_name(uint32_t cc, char *out, size_t len)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (commands[i].cc == cc) {
			snprintf(out, len, "%s", commands[i].name);
			return;
		}
	snprintf(out, len, "TPM2_CC 0x%08x", (unsigned)cc);
}

bool tpm_rc_is_warning(uint32_t rc)
{
	return (rc & 0xFFFF0000u) == 0 && !(rc & 0x080u) && (rc & 0x900u) == 0x900u; /* RC_FMT1 0x080, RC_WARN 0x900 */
}
