/*
 * check_tpm_state.c - the TPM's own state: self-test, virtual or physical,
 * hierarchies and authorisations, dictionary-attack lockout, PCR banks
 * (TPM 2.0 Library Part 2, 8.6 TPMA_PERMANENT and 8.7 TPMA_STARTUP_CLEAR).
 */
#include "checks/engine/engine_internal.h"
#include "checks/tpm/tpm_rc.h"
#include "checks/engine/platform_facts.h"
#include <stdio.h>
#include <string.h>

/* TPM2_GetTestResult was asked once by the engine (FACT_TPM_USABLE); this judges its answer. */
void judge_selftest(const struct engine *e, struct check_result *out)
{
	char words[160];
	if (e->test_rc != TSS2_RC_SUCCESS && !e->failure_mode) {
		tpm_rc_describe(e->test_rc, words, sizeof(words));
		outcome_set(out, CHECK_ERROR, "command-failed", "TPM2_GetTestResult failed");
		result_details(out, "%s", words);
		evidence_transport_code(e, e->test_rc, out);
		return;
	}
	if (e->failure_mode) {
		outcome_set(out, CHECK_FAIL, "failure-mode", "The TPM is in failure mode");
		result_details(out, "%s", e->facts[FACT_TPM_USABLE].why);
		outcome_copy_evidence(out, &e->failure_notes);
		return;
	}
	tpm_rc_describe(e->test_result, words, sizeof(words));
	outcome_set(out, e->test_result == TPM2_RC_SUCCESS ? CHECK_PASS : CHECK_FAIL, "self-test-failed",
		    e->test_result == TPM2_RC_SUCCESS ? "Self-test passed" : "The TPM reports a failed self-test");
	result_evidence(out, "test_result", "%s", words);
}

/* docs/attestation-facts.md §6: swtpm and the IBM simulator report "IBM"; cloud vTPMs their cloud's id. */
static bool virtual_manufacturer(const char *id)
{
	static const char *const virtual_ids[] = { "IBM", "GOOG", "VMW" };
	for (size_t i = 0; i < sizeof(virtual_ids) / sizeof(virtual_ids[0]); i++)
		if (strcmp(id, virtual_ids[i]) == 0)
			return true;
	return false;
}

/* A virtual machine by its SMBIOS system strings (Hyper-V's vTPM reports MSFT, like Pluton: the platform tells). */
static const char *virtual_platform(const struct platform_facts *f)
{
	static const struct { const char *maker, *product, *name; } vms[] = {
		{ "QEMU", "", "QEMU" }, { "Microsoft Corporation", "Virtual Machine", "Hyper-V" },
		{ "VMware", "", "VMware" }, { "innotek GmbH", "", "VirtualBox" }, { "Xen", "", "Xen" },
		{ "Google", "Google Compute Engine", "Google Compute Engine" }, { "Amazon EC2", "", "Amazon EC2" },
	};
	for (size_t i = 0; f && i < sizeof(vms) / sizeof(vms[0]); i++)
		if (strncmp(f->system_manufacturer, vms[i].maker, strlen(vms[i].maker)) == 0 && f->system_manufacturer[0] &&
		    strstr(f->product, vms[i].product))
			return vms[i].name;
	return NULL;
}

void judge_virtual(const struct engine *e, struct check_result *out)
{
	bool virtual_tpm = virtual_manufacturer(e->id.manufacturer_id);
	const char *vm = virtual_platform(e->opt->platform);
	bool is_virtual = virtual_tpm || vm;
	enum check_status s = !is_virtual ? CHECK_PASS : e->opt->virtual_tpm_warn ? CHECK_WARN : CHECK_FAIL;
	if (virtual_tpm)
		outcome_set(out, s, "virtual-tpm", "Virtual TPM (manufacturer %s, \"%s\")", e->id.manufacturer_id,
			    e->id.vendor_string);
	else if (vm)
		outcome_set(out, s, "virtual-machine", "TPM %s in a %s virtual machine", e->id.manufacturer_id, vm);
	else
		outcome_set(out, s, NULL, "Physical TPM (manufacturer %s)", e->id.manufacturer_id);
	if (is_virtual && e->opt->virtual_tpm_warn)
		result_details(out, "Treated as a warning because the configuration says virtual_tpm = warn (test images).");
	if (vm)
		result_evidence(out, "virtual_machine", "%s", vm);
}

void judge_endorsement(const struct engine *e, struct check_result *out)
{
	bool enabled = e->startup_clear & TPMA_STARTUP_CLEAR_EHENABLE, auth = e->permanent & TPMA_PERMANENT_ENDORSEMENTAUTHSET;
	struct check_result *r = out;
	outcome_set(out, enabled && !auth ? CHECK_PASS : CHECK_FAIL, !enabled ? "hierarchy-disabled" : "endorsement-auth-set",
		!enabled ? "The endorsement hierarchy is disabled"
		: auth ? "An endorsement password is set: the EK policy cannot be satisfied by Windows"
		: "Endorsement hierarchy enabled, no endorsement password");
	result_evidence(r, "ehEnable", "%s", enabled ? "yes" : "no");
	result_evidence(r, "endorsementAuthSet", "%s", auth ? "yes" : "no");
	result_evidence(r, "TPM_PT_STARTUP_CLEAR", "0x%08x", (unsigned)e->startup_clear);
}

void judge_lockout(const struct engine *e, struct check_result *out)
{
	/* read with the TPM's state (FACT_TPM_STATE), in the same TPM2_GetCapability */
	uint32_t counter = e->lockout_counter, max = e->max_auth_fail, recovery = e->lockout_interval,
		 lockout_recovery = e->lockout_recovery;
	bool locked = e->permanent & TPMA_PERMANENT_INLOCKOUT;
	struct check_result *r = out;
	outcome_set(out, locked ? CHECK_FAIL : CHECK_PASS, "in-lockout",
		locked ? "The TPM is in dictionary-attack lockout (%u of %u failures)" : "Not locked out (%u of %u failures)",
		(unsigned)counter, (unsigned)max);
	if (locked)
		result_details(r, "One failure is forgotten every %u s while the PC stays on.", (unsigned)recovery);
	result_evidence(r, "lockout_counter", "%u", (unsigned)counter);
	result_evidence(r, "max_auth_fail", "%u", (unsigned)max);
	result_evidence(r, "lockout_interval_s", "%u", (unsigned)recovery);
	result_evidence(r, "lockout_recovery_s", "%u", (unsigned)lockout_recovery);
}

void judge_ownership(const struct engine *e, struct check_result *out)
{
	bool owner = e->permanent & TPMA_PERMANENT_OWNERAUTHSET;
	struct check_result *r = out;
	outcome_set(out, owner ? CHECK_WARN : CHECK_PASS, "owner-auth-set",
		owner ? "An owner password is set (the TPM was provisioned before)" : "No owner password set");
	result_evidence(r, "ownerAuthSet", "%s", owner ? "yes" : "no");
	result_evidence(r, "lockoutAuthSet", "%s", e->permanent & TPMA_PERMANENT_LOCKOUTAUTHSET ? "yes" : "no");
	result_evidence(r, "disableClear", "%s", e->permanent & TPMA_PERMANENT_DISABLECLEAR ? "yes" : "no");
	result_evidence(r, "tpmGeneratedEPS", "%s", e->permanent & TPMA_PERMANENT_TPMGENERATEDEPS ? "yes" : "no");
	result_evidence(r, "TPM_PT_PERMANENT", "0x%08x", (unsigned)e->permanent);
}

static const char *bank_name(TPMI_ALG_HASH alg)
{
	switch (alg) {
	case TPM2_ALG_SHA1: return "sha1";
	case TPM2_ALG_SHA256: return "sha256";
	case TPM2_ALG_SHA384: return "sha384";
	case TPM2_ALG_SHA512: return "sha512";
	case TPM2_ALG_SM3_256: return "sm3_256";
	default: return "other";
	}
}

void judge_pcr_banks(const struct engine *e, struct check_result *out)
{
	TPML_PCR_SELECTION banks;
	TSS2_RC rc = tpm_pcr_banks(e->sys, &banks);
	if (rc != TSS2_RC_SUCCESS) {
		char words[160];
		tpm_rc_describe(rc, words, sizeof(words));
		outcome_set(out, CHECK_ERROR, "banks-unreadable", "The PCR banks could not be read");
		result_details(out, "TPM2_GetCapability(TPM_CAP_PCRS): %s (0x%08x)", words, (unsigned)rc);
		evidence_transport_code(e, rc, out);
		return;
	}
	bool sha256_full = false;
	char active[120] = "";
	uint32_t n = banks.count < TPM2_NUM_PCR_BANKS ? banks.count : TPM2_NUM_PCR_BANKS;
	for (uint32_t i = 0; i < n; i++) {
		const TPMS_PCR_SELECTION *b = &banks.pcrSelections[i];
		int pcrs = 0;
		for (int k = 0; k < b->sizeofSelect && k < TPM2_PCR_SELECT_MAX; k++)
			pcrs += __builtin_popcount(b->pcrSelect[k]);
		bool first24 = b->sizeofSelect >= 3 && b->pcrSelect[0] == 0xFF && b->pcrSelect[1] == 0xFF && b->pcrSelect[2] == 0xFF;
		if (pcrs) {
			size_t used = strlen(active);
			snprintf(active + used, sizeof(active) - used, "%s%s (%d PCRs)", used ? ", " : "", bank_name(b->hash), pcrs);
		}
		if (b->hash == TPM2_ALG_SHA256 && first24)
			sha256_full = true;
	}
	struct check_result *r = out;
	outcome_set(out, sha256_full ? CHECK_PASS : CHECK_FAIL, "no-sha256-bank",
		sha256_full ? "SHA-256 bank active with PCRs 0-23" : "No SHA-256 PCR bank with PCRs 0-23");
	result_evidence(r, "active_banks", "%s", active[0] ? active : "none");
}
