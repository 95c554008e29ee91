/*
 * nv_read_rule.c - the NV read rule. TPM 2.0 Library Part 4, IsDAExempted()
 * in SessionProcess.c: an authorisation failure counts towards lockout
 * unless the entity is exempt - an NV index with TPMA_NV_NO_DA set, or a
 * permanent handle other than TPM_RH_LOCKOUT (so TPM_RH_OWNER is exempt).
 * Part 2, 13.4 (TPMA_NV) gives the attribute bits.
 */
#include "checks/tpm/nv_read_rule.h"

enum nv_read_auth nv_read_rule(TPMA_NV attributes, bool owner_auth_empty)
{
	uint32_t type = (attributes & TPMA_NV_TPM2_NT_MASK) >> TPMA_NV_TPM2_NT_SHIFT;
	/* Only ordinary indices hold certificates. Reading a PIN index with its authValue changes its
	 * pinCount (Part 1, "PIN Pass" and "PIN Fail" indices), which a read-only tool must not do. */
	if (type != TPM2_NT_ORDINARY)
		return NV_READ_SKIP_NOT_ORDINARY;
	if ((attributes & TPMA_NV_AUTHREAD) && (attributes & TPMA_NV_NO_DA))
		return NV_READ_INDEX_AUTH; /* a non-empty authValue just fails, uncounted */
	if ((attributes & TPMA_NV_OWNERREAD) && owner_auth_empty)
		return NV_READ_OWNER_AUTH;
	return NV_READ_SKIP_NEEDS_AUTH;
}

const char *nv_read_rule_words(enum nv_read_auth rule)
{
	switch (rule) {
	case NV_READ_INDEX_AUTH: return "read with its own authorisation (authRead, noDA)";
	case NV_READ_OWNER_AUTH: return "read with the owner authorisation (ownerRead, no owner password)";
	case NV_READ_SKIP_NEEDS_AUTH:
		return "not readable without authorisation: reading it could count towards dictionary-attack lockout";
	case NV_READ_SKIP_NOT_ORDINARY: return "not an ordinary index (counter, bits, extend or PIN): not read";
	}
	return "unknown";
}
