/*
 * nv_read_rule.h - which authorisation may read an NV index without costing
 * a dictionary-attack count, decided from its attributes before any
 * TPM2_NV_Read is sent. A wrong password on a DA-protected index counts as
 * an attack; enough of them lock the TPM out and Windows attestation fails.
 */
#ifndef PREFLIGHT_NV_READ_RULE_H
#define PREFLIGHT_NV_READ_RULE_H
#include <stdbool.h>
#include <tss2/tss2_tpm2_types.h>

enum nv_read_auth {
	NV_READ_INDEX_AUTH,        /* authRead and noDA: the index itself, empty password */
	NV_READ_OWNER_AUTH,        /* ownerRead and no owner password: TPM_RH_OWNER, empty password */
	NV_READ_SKIP_NEEDS_AUTH,   /* any attempt could count towards lockout, or needs a password we do not have */
	NV_READ_SKIP_NOT_ORDINARY, /* a counter, bit field, extend or PIN index: not a certificate */
};

/* The rule for an index with these attributes; owner_auth_empty is TPM_PT_PERMANENT.ownerAuthSet clear. */
enum nv_read_auth nv_read_rule(TPMA_NV attributes, bool owner_auth_empty);
/* What the rule means, for the report ("read with its own authorisation (authRead, noDA)", ...). */
const char *nv_read_rule_words(enum nv_read_auth rule);

#endif
