/*
 * tpm_facts.c - the TPM's facts: whether a TPM answers and what it is
 * (FACT_TPM_ANSWERS, FACT_TPM20), and its permanent and startup state
 * (FACT_TPM_STATE, TPM 2.0 Library Part 2, 8.6 and 8.7).
 */
#include "checks/engine/engine_internal.h"
#include "checks/tpm/tpm_rc.h"
#include "tpmdrv/tcti_transport.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void no_tpm(struct engine *e, const char *why)
{
	fact_missing(e, FACT_TPM_ANSWERS, CHECK_SKIP, "%s", why);
	fact_missing(e, FACT_TPM20, CHECK_SKIP, "%s", why);
}

/*
 * A TPM in failure mode answers TPM2_GetCapability with at most one property per call, from TPM_PT_MANUFACTURER
 * to TPM_PT_FIRMWARE_VERSION_2 (TPM 2.0 Part 1, "Failure Mode"; the reference implementation's TpmFailureMode),
 * so its family reads empty, or it answers TPM_RC_FAILURE. Either way only TPM2_GetTestResult tells; a TPM in
 * failure mode is a TPM 2.0 (a TPM 1.2's tag was caught before), its identity whatever it gave.
 */
static void identity_in_failure_mode(struct engine *e)
{
	bool family_hidden = e->identity_rc == TSS2_RC_SUCCESS && strcmp(e->id.family, "2.0") != 0;
	if (!family_hidden && e->identity_rc != TPM2_RC_FAILURE)
		return;
	collect_tpm_usable(e);
	if (!e->failure_mode)
		return;
	if (e->identity_rc != TSS2_RC_SUCCESS)
		e->facts[FACT_TPM_ANSWERS] = e->facts[FACT_TPM_USABLE];
	else
		e->facts[FACT_TPM_ANSWERS].gathered = e->facts[FACT_TPM_ANSWERS].present = true;
	e->facts[FACT_TPM20].gathered = e->facts[FACT_TPM20].present = true;
}

void collect_tpm(struct engine *e)
{
	if (!e->conn->transport) {
		no_tpm(e, "no TPM 2.0 to ask");
		return;
	}
	e->tcti = tcti_transport_new(e->conn->transport);
	size_t size = Tss2_Sys_GetContextSize(0);
	e->sys = calloc(1, size);
	TSS2_ABI_VERSION abi = TSS2_ABI_VERSION_CURRENT;
	if (!e->tcti || !e->sys || Tss2_Sys_Initialize(e->sys, size, e->tcti, &abi) != TSS2_RC_SUCCESS) {
		e->no_memory = true;
		free(e->sys); /* never initialised: nothing to finalise */
		e->sys = NULL;
		release_tpm(e);
		no_tpm(e, "out of memory while preparing the TPM context");
		return;
	}
	e->identity_rc = tpm_identity_read(e->sys, &e->id);
	identity_in_failure_mode(e);
	if (e->failure_mode)
		return;
	if (e->identity_rc != TSS2_RC_SUCCESS) {
		e->tpm12 = tcti_transport_last_status(e->tcti) == TRANSPORT_TPM12;
		e->conn->unreachable = tcti_transport_last_status(e->tcti) == TRANSPORT_NO_DEVICE;
		/* a TPM 1.2's answer reaches tss2-sys, which fails it in its own layer */
		transport_code_set(e->conn->code, e->tpm12 ? tcti_transport_last_code(e->tcti)
							  : engine_transport_code(e, e->identity_rc));
		no_tpm(e, e->tpm12 ? "the TPM is a TPM 1.2" : "the TPM did not answer");
		return;
	}
	e->facts[FACT_TPM_ANSWERS].gathered = e->facts[FACT_TPM_ANSWERS].present = true;
	if (strcmp(e->id.family, "2.0") == 0)
		e->facts[FACT_TPM20].gathered = e->facts[FACT_TPM20].present = true;
	else
		fact_missing(e, FACT_TPM20, CHECK_SKIP, "the TPM reports family \"%s\", not 2.0", e->id.family);
}

/* The variable properties the checks read, TPM_PT_PERMANENT (0x200) to TPM_PT_LOCKOUT_RECOVERY (0x211). */
static bool keep_property(struct engine *e, const TPMS_TAGGED_PROPERTY *p, unsigned *seen)
{
	uint32_t *into[] = { [0] = &e->permanent, [1] = &e->startup_clear, [0xE] = &e->lockout_counter,
			     [0xF] = &e->max_auth_fail, [0x10] = &e->lockout_interval, [0x11] = &e->lockout_recovery };
	uint32_t at = p->property - TPM2_PT_PERMANENT;
	if (p->property < TPM2_PT_PERMANENT || at >= sizeof(into) / sizeof(into[0]))
		return false;
	if (into[at])
		*into[at] = p->value;
	*seen |= 1u << at;
	return true;
}

static void state_missing(struct engine *e, TSS2_RC rc, const char *what)
{
	char words[160];
	tpm_rc_describe(rc, words, sizeof(words));
	const char *code = engine_transport_code(e, rc);
	fact_missing(e, FACT_TPM_STATE, CHECK_ERROR, "TPM2_GetCapability(TPM_PT_PERMANENT) %s: %s (0x%08x)%s%s%s", what, words,
		     (unsigned)rc, code[0] ? " [" : "", code, code[0] ? "]" : "");
}

/*
 * TPM_PT_PERMANENT, TPM_PT_STARTUP_CLEAR and the dictionary-attack properties in one TPM2_GetCapability
 * (TPM 2.0 Library Part 3, 30.2: properties from `property` on, in ascending order, moreData when the TPM stopped
 * early - then the rest is asked for, a bounded number of times).
 */
void collect_tpm_state(struct engine *e)
{
	enum { FIRST = TPM2_PT_PERMANENT, COUNT = TPM2_PT_LOCKOUT_RECOVERY - TPM2_PT_PERMANENT + 1 };
	unsigned seen = 0;
	uint32_t next = FIRST;
	TPMI_YES_NO more = TPM2_YES;
	for (int page = 0; page < COUNT && more && next < FIRST + COUNT; page++) {
		TPMS_CAPABILITY_DATA data;
		memset(&data, 0, sizeof(data));
		TSS2_RC rc = Tss2_Sys_GetCapability(e->sys, NULL, TPM2_CAP_TPM_PROPERTIES, next, FIRST + COUNT - next, &more,
						    &data, NULL);
		rc = tpm_capability_exact(e->sys, rc, &data); /* an answer cut short is not read from stale bytes */
		if (rc != TSS2_RC_SUCCESS) {
			state_missing(e, rc, "failed");
			return;
		}
		const TPML_TAGGED_TPM_PROPERTY *list = &data.data.tpmProperties;
		if (data.capability != TPM2_CAP_TPM_PROPERTIES || list->count == 0)
			break;
		uint32_t asked = next;
		for (uint32_t i = 0; i < list->count && i < TPM2_MAX_TPM_PROPERTIES; i++)
			if (keep_property(e, &list->tpmProperty[i], &seen) && list->tpmProperty[i].property >= next)
				next = list->tpmProperty[i].property + 1;
		if (next == asked) /* nothing we asked for came back: asking again would not help */
			break;
	}
	if ((seen & 3u) != 3u) { /* without these two nothing about the hierarchies can be said */
		state_missing(e, TSS2_SYS_RC_MALFORMED_RESPONSE, "did not return TPM_PT_PERMANENT and TPM_PT_STARTUP_CLEAR");
		return;
	}
	e->facts[FACT_TPM_STATE].gathered = e->facts[FACT_TPM_STATE].present = true;
}

static void hex_evidence(struct check_result *r, const char *key, const uint8_t *data, size_t len)
{
	char hex[2 * 64 + 4];
	size_t n = len < 64 ? len : 64, at = 0;
	for (size_t i = 0; i < n; i++)
		at += (size_t)snprintf(hex + at, sizeof(hex) - at, "%02x", data[i]);
	result_evidence(r, key, "%s%s", n ? hex : "(empty)", n < len ? "..." : "");
}

/* Failure mode: FACT_TPM_USABLE missing for good, with what the TPM said as evidence of every outcome it makes. */
static void enter_failure_mode(struct engine *e)
{
	char command[48] = "", answer[160];
	e->failure_mode = true;
	if (e->failure_cc)
		tpm_command_name(e->failure_cc, command, sizeof(command));
	if (e->test_rc == TSS2_RC_SUCCESS)
		snprintf(answer, sizeof(answer), "testResult 0x%08x", (unsigned)e->test_result);
	else
		tpm_rc_describe(e->test_rc, answer, sizeof(answer));
	fact_missing(e, FACT_TPM_USABLE, CHECK_ERROR, "the TPM is in failure mode (%s%s%sTPM2_GetTestResult: %s)",
		     command[0] ? "TPM_RC_FAILURE to " : "", command, command[0] ? "; " : "", answer);
	struct check_result *notes = &e->failure_notes;
	outcome_init(notes, CHECK_TPM_SELFTEST);
	if (command[0])
		result_evidence(notes, "failed_command", "%s", command);
	if (e->test_rc == TSS2_RC_SUCCESS) {
		tpm_rc_describe(e->test_result, answer, sizeof(answer));
		result_evidence(notes, "test_result", "%s", answer);
		hex_evidence(notes, "out_data", e->test_data.buffer, e->test_data.size < sizeof(e->test_data.buffer)
								      ? e->test_data.size : sizeof(e->test_data.buffer));
	} else {
		result_evidence(notes, "test_result_rc", "0x%08x", (unsigned)e->test_rc);
	}
	e->facts[FACT_TPM_USABLE].evidence = notes;
}

void collect_tpm_usable(struct engine *e)
{
	e->test_asked = true;
	e->test_rc = tpm_test_result(e->sys, &e->test_result, &e->test_data);
	/* Part 3, 10.4: in failure mode testResult is TPM_RC_FAILURE (TPM_RC_NV_UNINITIALIZED in the reference
	 * implementation after an unrecoverable NV error; other self-test failures are not failure mode) */
	bool told = e->test_rc == TSS2_RC_SUCCESS && e->test_result == TPM2_RC_FAILURE;
	if (tcti_transport_failure_mode(e->tcti, &e->failure_cc) || told)
		enter_failure_mode(e);
	else
		e->facts[FACT_TPM_USABLE].gathered = e->facts[FACT_TPM_USABLE].present = true;
}

bool engine_failure_mode(struct engine *e)
{
	if (!e->failure_mode && e->tcti && tcti_transport_failure_mode(e->tcti, NULL))
		collect_tpm_usable(e);
	return e->failure_mode;
}

void engine_retry_stats(const struct engine *e, struct tcti_retry_stats *out)
{
	tcti_transport_retry_stats(e->tcti, out);
}

const char *engine_transport_code(const struct engine *e, TSS2_RC rc)
{
	if (!e->tcti || (rc & TSS2_RC_LAYER_MASK) != TSS2_TCTI_RC_LAYER)
		return "";
	return tcti_transport_last_code(e->tcti);
}

void evidence_transport_code(const struct engine *e, TSS2_RC rc, struct check_result *out)
{
	const char *code = engine_transport_code(e, rc);
	if (code[0])
		result_evidence(out, "failure_code", "%s", code);
}

void release_tpm(struct engine *e)
{
	ek_key_release(e);
	if (e->sys)
		Tss2_Sys_Finalize(e->sys);
	free(e->sys);
	e->sys = NULL;
	tcti_transport_free(e->tcti);
	e->tcti = NULL;
}
