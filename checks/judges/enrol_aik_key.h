/*
 * enrol_aik_key.h - the AIK the enrolment certifies, made as Windows makes it
 * (checks/tpm/tpm_ak_template.h AK_RSA_2048: a restricted RSA-2048 RSASSA
 * SHA-256 signing key) and certified by itself with TPM2_CertifyCreation
 * (TPM 2.0 Library Part 3, 18.3), which is what the attestation statement
 * carries (MS-WCCE 2.2.2.7.15 szOID_ENROLL_AIK_INFO; the public
 * reconstruction in google/security-research, pocs/bios/tpm-carte-blanche).
 * Its parent: the owner hierarchy (TPM2_CreatePrimary) while the owner
 * authorisation is empty, else the storage root key at 0x81000001 (TPM2_Create
 * and TPM2_Load with its empty authorisation). The key is transient: it is
 * flushed on every path, and nothing is made persistent.
 */
#ifndef PREFLIGHT_ENROL_AIK_KEY_H
#define PREFLIGHT_ENROL_AIK_KEY_H
#include <stdbool.h>
#include <stdint.h>
#include <tss2/tss2_sys.h>
#include "checks/enrol/aik_enrol.h"
#include "checks/tpm/ek_policy.h"

enum { ENROL_SRK_HANDLE = 0x81000001 }; /* TCG TPM v2.0 Provisioning Guidance 7.8: the SRK's persistent handle */

enum enrol_parent { ENROL_PARENT_OWNER, ENROL_PARENT_SRK, ENROL_PARENT_NONE };

struct enrol_key {
	enum enrol_parent parent;
	char parent_why[200];        /* why this parent (or why none can be used), for the report */
	uint32_t handle;             /* the AIK while loaded */
	bool loaded, create_sent;
	TPM2B_NAME name;             /* the AIK's name: the challenge's credential is bound to it */
	struct aik_enrol_tpm made;   /* its public area, creation data and self-certification */
	uint64_t create_ms;          /* the key generation (CreatePrimary or Create) */
	struct tpm_step step;        /* the command in progress, for the report */
};

/*
 * The parent Windows' way allows. permanent and startup_clear: TPM_PT_PERMANENT and TPM_PT_STARTUP_CLEAR (Part 2,
 * 8.6 and 8.7). The owner hierarchy when shEnable is set and ownerAuthSet clear; else the SRK when TPM2_ReadPublic
 * finds a storage key (restricted decrypt) at 0x81000001 that is noDA - an authorisation tried against a
 * DA-protected key that turned out to need a password would count towards a lockout (Part 1, 19.8); else none.
 */
enum enrol_parent enrol_parent_choose(TSS2_SYS_CONTEXT *sys, uint32_t permanent, uint32_t startup_clear,
				      struct enrol_key *k);
/* Makes, loads and certifies the AIK under k->parent; on failure k->step names the command. The AIK stays loaded
 * (k->loaded) for the challenge: enrol_key_release flushes it. */
TSS2_RC enrol_key_make(TSS2_SYS_CONTEXT *sys, struct enrol_key *k);
void enrol_key_release(TSS2_SYS_CONTEXT *sys, struct enrol_key *k);
/* The SRK refused its empty password (TPM_RC_AUTH_FAIL, TPM_RC_BAD_AUTH, Part 2 6.6.3): it has one, which this tool
 * does not know - no parent, not a fault of the TPM. Its noDA attribute kept the refusal from counting. */
bool enrol_key_needs_password(const struct enrol_key *k, TSS2_RC rc);
const char *enrol_parent_words(enum enrol_parent p);

#endif
