/*
 * check_tpm_state.c - the TPM's own state: self-test, virtual or physical,
 * hierarchies and authorisations, dictionary-attack lockout, PCR banks
 * (DOMAIN.md 6; TPM 2.0 Library Part 2, 8.6 TPMA_PERMANENT and 8.7
 * TPMA_STARTUP_CLEAR).
 */
#include "engine_internal.h"
#include "tpm_rc.h"
#include "platform_facts.h"
#include <stdio.h>
#include <string.h>

/* TPMA_PERMANENT and TPMA_STARTUP_CLEAR bits (Part 2, tables 38 and 39). */
enum {
	PERM_OWNER_AUTH_SET = 1u << 0,
	PERM_ENDORSEMENT_AUTH_SET = 1u << 1,
	PERM_LOCKOUT_AUTH_SET = 1u << 2,
	PERM_DISABLE_CLEAR = 1u << 8,
	PERM_IN_LOCKOUT = 1u << 9,
	PERM_TPM_GENERATED_EPS = 1u << 10,
	STARTUP_PH_ENABLE = 1u << 0,
	STARTUP_SH_ENABLE = 1u << 1,
	STARTUP_EH_ENABLE = 1u << 2,
};

static void check_selftest(struct engine *e)
{
	TPM2_RC result = 0;
	char words[160];
	engine_step(e, CHECK_TPM_SELFTEST);
	TSS2_RC rc = tpm_test_result(e->sys, &result);
	if (rc != TSS2_RC_SUCCESS) {
		tpm_rc_describe(rc, words, sizeof(words));
		struct check_result *r = report_add(e->report, CHECK_TPM_SELFTEST, rc == TPM2_RC_FAILURE ? CHECK_FAIL : CHECK_ERROR,
						    "TPM2_GetTestResult failed");
		result_details(r, "%s", words);
		return;
	}
	tpm_rc_describe(result, words, sizeof(words));
	struct check_result *r = report_add(e->report, CHECK_TPM_SELFTEST, result == TPM2_RC_SUCCESS ? CHECK_PASS : CHECK_FAIL,
					    result == TPM2_RC_SUCCESS ? "Self-test passed" : "The TPM reports a failed self-test");
	result_evidence(r, "test_result", "%s", words);
}

/* DOMAIN.md 6: swtpm and the IBM simulator report "IBM"; cloud vTPMs their cloud's id. */
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

static void check_virtual(struct engine *e)
{
	engine_step(e, CHECK_TPM_VIRTUAL);
	bool virtual_tpm = virtual_manufacturer(e->id.manufacturer_id);
	const char *vm = virtual_platform(e->opt->platform);
	bool is_virtual = virtual_tpm || vm;
	enum check_status s = !is_virtual ? CHECK_PASS : e->opt->virtual_tpm_warn ? CHECK_WARN : CHECK_FAIL;
	struct check_result *r;
	if (virtual_tpm)
		r = report_add(e->report, CHECK_TPM_VIRTUAL, s, "Virtual TPM (manufacturer %s, \"%s\")", e->id.manufacturer_id,
			       e->id.vendor_string);
	else if (vm)
		r = report_add(e->report, CHECK_TPM_VIRTUAL, s, "TPM %s in a %s virtual machine", e->id.manufacturer_id, vm);
	else
		r = report_add(e->report, CHECK_TPM_VIRTUAL, s, "Physical TPM (manufacturer %s)", e->id.manufacturer_id);
	if (is_virtual && e->opt->virtual_tpm_warn)
		result_details(r, "Treated as a warning because the configuration says virtual_tpm = warn (test images).");
	if (vm)
		result_evidence(r, "virtual_machine", "%s", vm);
}

static void check_endorsement(struct engine *e)
{
	engine_step(e, CHECK_TPM_ENDORSEMENT);
	bool enabled = e->startup_clear & STARTUP_EH_ENABLE, auth = e->permanent & PERM_ENDORSEMENT_AUTH_SET;
	struct check_result *r = report_add(e->report, CHECK_TPM_ENDORSEMENT, enabled && !auth ? CHECK_PASS : CHECK_FAIL,
		!enabled ? "The endorsement hierarchy is disabled"
		: auth ? "An endorsement password is set: the EK policy cannot be satisfied by Windows"
		: "Endorsement hierarchy enabled, no endorsement password");
	result_evidence(r, "ehEnable", "%s", enabled ? "yes" : "no");
	result_evidence(r, "endorsementAuthSet", "%s", auth ? "yes" : "no");
	result_evidence(r, "TPM_PT_STARTUP_CLEAR", "0x%08x", (unsigned)e->startup_clear);
}

static void check_lockout(struct engine *e)
{
	uint32_t counter = 0, max = 0, recovery = 0, lockout_recovery = 0;
	engine_step(e, CHECK_TPM_LOCKOUT);
	tpm_property(e->sys, TPM2_PT_LOCKOUT_COUNTER, &counter);
	tpm_property(e->sys, TPM2_PT_MAX_AUTH_FAIL, &max);
	tpm_property(e->sys, TPM2_PT_LOCKOUT_INTERVAL, &recovery);
	tpm_property(e->sys, TPM2_PT_LOCKOUT_RECOVERY, &lockout_recovery);
	bool locked = e->permanent & PERM_IN_LOCKOUT;
	struct check_result *r = report_add(e->report, CHECK_TPM_LOCKOUT, locked ? CHECK_FAIL : CHECK_PASS,
		locked ? "The TPM is in dictionary-attack lockout (%u of %u failures)" : "Not locked out (%u of %u failures)",
		(unsigned)counter, (unsigned)max);
	if (locked)
		result_details(r, "One failure is forgotten every %u s while the PC stays on.", (unsigned)recovery);
	result_evidence(r, "lockout_counter", "%u", (unsigned)counter);
	result_evidence(r, "max_auth_fail", "%u", (unsigned)max);
	result_evidence(r, "lockout_interval_s", "%u", (unsigned)recovery);
	result_evidence(r, "lockout_recovery_s", "%u", (unsigned)lockout_recovery);
}

static void check_ownership(struct engine *e)
{
	engine_step(e, CHECK_TPM_OWNERSHIP);
	bool owner = e->permanent & PERM_OWNER_AUTH_SET;
	struct check_result *r = report_add(e->report, CHECK_TPM_OWNERSHIP, owner ? CHECK_WARN : CHECK_PASS,
		owner ? "An owner password is set (the TPM was provisioned before)" : "No owner password set");
	result_evidence(r, "ownerAuthSet", "%s", owner ? "yes" : "no");
	result_evidence(r, "lockoutAuthSet", "%s", e->permanent & PERM_LOCKOUT_AUTH_SET ? "yes" : "no");
	result_evidence(r, "disableClear", "%s", e->permanent & PERM_DISABLE_CLEAR ? "yes" : "no");
	result_evidence(r, "tpmGeneratedEPS", "%s", e->permanent & PERM_TPM_GENERATED_EPS ? "yes" : "no");
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

static void check_pcr_banks(struct engine *e)
{
	TPML_PCR_SELECTION banks;
	engine_step(e, CHECK_TPM_PCR_BANKS);
	if (tpm_pcr_banks(e->sys, &banks) != TSS2_RC_SUCCESS) {
		report_add(e->report, CHECK_TPM_PCR_BANKS, CHECK_ERROR, "The PCR banks could not be read");
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
	struct check_result *r = report_add(e->report, CHECK_TPM_PCR_BANKS, sha256_full ? CHECK_PASS : CHECK_FAIL,
		sha256_full ? "SHA-256 bank active with PCRs 0-23" : "No SHA-256 PCR bank with PCRs 0-23");
	result_evidence(r, "active_banks", "%s", active[0] ? active : "none");
}

void check_tpm_state(struct engine *e)
{
	check_selftest(e);
	check_virtual(e);
	e->have_permanent = tpm_property(e->sys, TPM2_PT_PERMANENT, &e->permanent) == TSS2_RC_SUCCESS &&
			    tpm_property(e->sys, TPM2_PT_STARTUP_CLEAR, &e->startup_clear) == TSS2_RC_SUCCESS;
	if (e->have_permanent) {
		check_endorsement(e);
		check_lockout(e);
		check_ownership(e);
	} else {
		report_add(e->report, CHECK_TPM_ENDORSEMENT, CHECK_ERROR, "TPM_PT_PERMANENT could not be read");
	}
	check_pcr_banks(e);
}
