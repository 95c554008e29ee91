/* enrol_aik_key.c - the enrolment's AIK: its parent, its creation and its TPM2_CertifyCreation (enrol_aik_key.h). */
#include "checks/judges/enrol_aik_key.h"
#include "checks/tpm/tpm_ak_template.h"
#include "checks/tpm/tpm_handles.h"
#include "checks/tpm/tpm_query.h"
#include "boot/platform.h"
#include <stdio.h>
#include <string.h>

/* An empty authorisation by password: the owner hierarchy's (ownerAuthSet clear), the SRK's and the AIK's own. */
static const TSS2L_SYS_AUTH_COMMAND empty_password = { .count = 1, .auths = { { .sessionHandle = TPM2_RS_PW } } };

const char *enrol_parent_words(enum enrol_parent p)
{
	return p == ENROL_PARENT_OWNER ? "the owner hierarchy (TPM2_CreatePrimary)"
	       : p == ENROL_PARENT_SRK ? "the storage root key 0x81000001 (TPM2_Create, TPM2_Load)" : "none";
}

/* A storage parent the AIK can be made under without a password: restricted, decrypt, noDA. */
static bool srk_usable(const TPMT_PUBLIC *p, char *why, size_t cap)
{
	TPMA_OBJECT need = TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT;
	if ((p->objectAttributes & need) != need) {
		snprintf(why, cap, "0x81000001 is not a storage key (not restricted decrypt)");
		return false;
	}
	if (!(p->objectAttributes & TPMA_OBJECT_NODA)) {
		snprintf(why, cap, "the storage root key 0x81000001 is protected against dictionary attacks (noDA clear): "
			 "an authorisation it refused would count towards a TPM lockout, so it is not tried");
		return false;
	}
	return true;
}

enum enrol_parent enrol_parent_choose(TSS2_SYS_CONTEXT *sys, uint32_t permanent, uint32_t startup_clear,
				      struct enrol_key *k)
{
	k->parent = ENROL_PARENT_NONE;
	if (!(startup_clear & TPMA_STARTUP_CLEAR_SHENABLE)) {
		snprintf(k->parent_why, sizeof(k->parent_why), "the storage (owner) hierarchy is disabled (shEnable clear)");
		return k->parent;
	}
	if (!(permanent & TPMA_PERMANENT_OWNERAUTHSET)) {
		snprintf(k->parent_why, sizeof(k->parent_why), "the owner authorisation is empty (ownerAuthSet clear)");
		return k->parent = ENROL_PARENT_OWNER;
	}
	TPM2B_PUBLIC srk;
	char why[160];
	tpm_step_set(&k->step, "TPM2_ReadPublic of the storage root key 0x81000001", "");
	if (tpm_read_public(sys, ENROL_SRK_HANDLE, &srk) != TSS2_RC_SUCCESS) {
		snprintf(k->parent_why, sizeof(k->parent_why), "the owner authorisation is set (ownerAuthSet) and there is no "
			 "storage root key at 0x81000001");
		return k->parent;
	}
	if (!srk_usable(&srk.publicArea, why, sizeof(why))) {
		snprintf(k->parent_why, sizeof(k->parent_why), "the owner authorisation is set (ownerAuthSet) and %s", why);
		return k->parent;
	}
	snprintf(k->parent_why, sizeof(k->parent_why), "the owner authorisation is set (ownerAuthSet): under the storage "
		 "root key 0x81000001");
	return k->parent = ENROL_PARENT_SRK;
}

/* Windows' AIK with a new unique; false without random numbers (the judge has made sure there are some). */
static bool aik_template(TPM2B_PUBLIC *in)
{
	uint8_t unique[WINDOWS_AIK_UNIQUE_LEN];
	if (platform_random(unique, sizeof(unique)) != 0)
		return false;
	windows_aik_template(in, unique);
	return true;
}

/* TPM2_CreatePrimary in the owner hierarchy (Part 3, 24.1): the AIK is loaded at once. */
static TSS2_RC create_primary(TSS2_SYS_CONTEXT *sys, struct enrol_key *k, TPMT_TK_CREATION *ticket, TPM2B_DIGEST *hash)
{
	TPM2B_SENSITIVE_CREATE sensitive = { .size = 0 };
	TPM2B_PUBLIC in;
	TPM2B_DATA outside = { .size = 0 };
	TPML_PCR_SELECTION pcrs = { .count = 0 };
	struct tpm_handles before;
	if (!aik_template(&in))
		return TSS2_SYS_RC_GENERAL_FAILURE;
	tpm_step_set(&k->step, "TPM2_CreatePrimary of the AIK in the owner hierarchy", "");
	tpm_handles_note(sys, &before);
	k->name.size = sizeof(k->name.name);
	TSS2_RC rc = Tss2_Sys_CreatePrimary(sys, TPM2_RH_OWNER, &empty_password, &sensitive, &in, &outside, &pcrs,
					    &k->handle, &k->made.aik_public, &k->made.creation, hash, ticket, &k->name, NULL);
	tpm_handles_flush_new(sys, &before, rc); /* an AIK created for a lost answer */
	k->loaded = rc == TSS2_RC_SUCCESS;
	return rc;
}

/* TPM2_Create under the SRK (Part 3, 12.1), then TPM2_Load (12.2). */
static TSS2_RC create_under_srk(TSS2_SYS_CONTEXT *sys, struct enrol_key *k, TPMT_TK_CREATION *ticket,
				TPM2B_DIGEST *hash)
{
	TPM2B_SENSITIVE_CREATE sensitive = { .size = 0 };
	TPM2B_PUBLIC in;
	TPM2B_PRIVATE priv = { .size = 0 };
	TPM2B_DATA outside = { .size = 0 };
	TPML_PCR_SELECTION pcrs = { .count = 0 };
	if (!aik_template(&in))
		return TSS2_SYS_RC_GENERAL_FAILURE;
	tpm_step_set(&k->step, "TPM2_Create of the AIK under the storage root key", "");
	TSS2_RC rc = Tss2_Sys_Create(sys, ENROL_SRK_HANDLE, &empty_password, &sensitive, &in, &outside, &pcrs, &priv,
				     &k->made.aik_public, &k->made.creation, hash, ticket, NULL);
	rc = tpm_create_answer_exact(sys, rc, &priv, &k->made.aik_public, &k->made.creation, hash, ticket);
	if (rc != TSS2_RC_SUCCESS)
		return rc;
	struct tpm_handles before;
	tpm_step_set(&k->step, "TPM2_Load of the AIK", "");
	tpm_handles_note(sys, &before);
	k->name.size = sizeof(k->name.name);
	rc = Tss2_Sys_Load(sys, ENROL_SRK_HANDLE, &empty_password, &priv, &k->made.aik_public, &k->handle, &k->name, NULL);
	rc = tpm_load_answer_exact(sys, rc, &k->name);
	tpm_handles_flush_new(sys, &before, rc); /* an AIK loaded for a lost answer */
	k->loaded = rc == TSS2_RC_SUCCESS;
	return rc;
}

/* The AIK signs its own creation (Part 3, 18.3: signHandle and objectHandle both the AIK; qualifyingData empty, as
 * the public reconstruction sends it), with the scheme TPM_ALG_NULL: the key's own, RSASSA SHA-1 (tpm_ak_template.h),
 * as that reconstruction asks. */
static TSS2_RC certify_creation(TSS2_SYS_CONTEXT *sys, struct enrol_key *k, const TPMT_TK_CREATION *ticket,
				const TPM2B_DIGEST *hash)
{
	TPM2B_DATA qualifying = { .size = 0 };
	TPMT_SIG_SCHEME scheme = { .scheme = TPM2_ALG_NULL };
	tpm_step_set(&k->step, "TPM2_CertifyCreation of the AIK by itself", "");
	k->made.attest.size = 0;
	return Tss2_Sys_CertifyCreation(sys, k->handle, k->handle, &empty_password, &qualifying, hash, &scheme, ticket,
					&k->made.attest, &k->made.signature, NULL);
}

TSS2_RC enrol_key_make(TSS2_SYS_CONTEXT *sys, struct enrol_key *k)
{
	TPMT_TK_CREATION ticket;
	TPM2B_DIGEST hash = { .size = 0 };
	memset(&k->made, 0, sizeof(k->made));
	memset(&ticket, 0, sizeof(ticket));
	k->loaded = false;
	if (k->parent == ENROL_PARENT_NONE)
		return TSS2_SYS_RC_BAD_VALUE;
	uint64_t started = platform_ms();
	k->create_sent = true;
	TSS2_RC rc = k->parent == ENROL_PARENT_OWNER ? create_primary(sys, k, &ticket, &hash)
						     : create_under_srk(sys, k, &ticket, &hash);
	k->create_ms = platform_ms() - started;
	if (rc != TSS2_RC_SUCCESS)
		return rc;
	return certify_creation(sys, k, &ticket, &hash);
}

bool enrol_key_needs_password(const struct enrol_key *k, TSS2_RC rc)
{
	if (k->parent != ENROL_PARENT_SRK || (rc & TSS2_RC_LAYER_MASK) != TSS2_TPM_RC_LAYER || !(rc & TPM2_RC_FMT1))
		return false;
	TSS2_RC code = rc & (TPM2_RC_FMT1 | 0x3F); /* without the handle or session number (Part 2, 6.6.3) */
	return code == TPM2_RC_AUTH_FAIL || code == TPM2_RC_BAD_AUTH;
}

void enrol_key_release(TSS2_SYS_CONTEXT *sys, struct enrol_key *k)
{
	if (k->loaded)
		Tss2_Sys_FlushContext(sys, k->handle);
	k->loaded = false;
}
