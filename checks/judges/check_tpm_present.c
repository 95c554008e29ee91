/* check_tpm_present.c - is there a TPM 2.0 that answers, through which transport, and what is it. */
#include "checks/engine/engine_internal.h"
#include "checks/tpm/tpm_rc.h"
#include "tpmdrv/tcg2_caps.h"

static void connection_evidence(struct check_result *res, const struct tpm_connection *c)
{
	if (c->transport_name[0])
		result_evidence(res, "transport", "%s", c->transport_name);
	if (c->how_chosen[0])
		result_evidence(res, "transport_choice", "%s", c->how_chosen);
	if (c->interface_type[0])
		result_evidence(res, "interface_type", "%s", c->interface_type);
	if (c->start_method[0])
		result_evidence(res, "acpi_start_method", "%s", c->start_method);
	if (c->location[0])
		result_evidence(res, "location", "%s", c->location);
	if (c->code[0]) /* docs/transports.md, "Failure codes" */
		result_evidence(res, "failure_code", "%s", c->code);
}

static void judge_absent(const struct tpm_connection *c, struct check_result *out)
{
	static const struct { const char *reason, *summary; } what[] = {
		[TPM_FOUND] = { "no-transport", "No TPM transport could be opened" },
		[TPM_ABSENT] = { "no-tpm", "No TPM found" },
		[TPM_IS_12] = { "tpm12", "The TPM is a TPM 1.2; Windows attestation needs TPM 2.0" },
		[TPM_NO_ANSWER] = { "no-answer", "A TPM interface exists but the TPM does not answer" },
	};
	outcome_set(out, CHECK_FAIL, what[c->absence].reason, "%s", what[c->absence].summary);
	result_details(out, "%s", c->problem[0] ? c->problem : "no details");
}

static void judge_no_answer(const struct engine *e, struct check_result *out)
{
	char words[160];
	tpm_rc_describe(e->identity_rc, words, sizeof(words));
	if (e->tpm12)
		outcome_set(out, CHECK_FAIL, "tpm12", "The TPM is a TPM 1.2; Windows attestation needs TPM 2.0");
	else if (e->identity_rc == TPM2_RC_INITIALIZE) /* a finding: the firmware never sent TPM2_Startup */
		outcome_set(out, CHECK_FAIL, "no-answer", "The TPM did not answer TPM2_GetCapability");
	else if ((e->identity_rc & TSS2_RC_LAYER_MASK) == TSS2_TCTI_RC_LAYER) /* the check could not be carried out */
		outcome_set(out, CHECK_ERROR, "no-answer", "The TPM did not answer TPM2_GetCapability");
	else /* it answered, with an error or bytes that do not decode: it is there, what it is stays unknown */
		outcome_set(out, CHECK_ERROR, "first-command-failed", "The TPM answered TPM2_GetCapability with %s",
			    e->identity_rc == TSS2_SYS_RC_MALFORMED_RESPONSE || (e->identity_rc & TSS2_RC_LAYER_MASK) != 0
				    ? "an answer that does not decode" : "an error");
	result_details(out, "%s%s%s", words, e->conn->transport->error[0] ? "; " : "", e->conn->transport->error);
	result_evidence(out, "response_code", "0x%08x", (unsigned)e->identity_rc);
}

/*
 * What the firmware's TPM protocol said about the TPM, beside what the TPM said: the vendor named the same way
 * under every firmware, and a departure from the specification reported as the firmware's (tcg2_caps.c).
 */
static void firmware_evidence(const struct engine *e, struct check_result *out)
{
	const struct tpm_connection *c = e->conn;
	if (!c->has_firmware_manufacturer)
		return;
	if (c->firmware_vendor[0])
		result_evidence(out, "firmware_manufacturer", "%s", c->firmware_vendor);
	uint32_t value;
	if (e->id.found && tcg2_manufacturer_order(c->firmware_manufacturer, e->id.manufacturer, &value) ==
				   TCG2_VENDOR_UNREADABLE)
		result_evidence(out, "firmware_manufacturer_mismatch", "EFI_TCG2 ManufacturerID 0x%08x names neither the "
				"TPM's manufacturer 0x%08x nor its bytes", (unsigned)c->firmware_manufacturer,
				(unsigned)e->id.manufacturer);
	if (c->firmware_quirk[0])
		result_evidence(out, "firmware_quirk", "%s", c->firmware_quirk);
}

void judge_tpm_present(const struct engine *e, struct check_result *out)
{
	const struct tpm_connection *c = e->conn;
	if (!c->transport)
		judge_absent(c, out);
	else if (e->no_memory)
		outcome_set(out, CHECK_ERROR, "out-of-memory", "Out of memory while preparing the TPM context");
	else if (e->identity_rc != TSS2_RC_SUCCESS)
		judge_no_answer(e, out);
	else if (e->facts[FACT_TPM20].present)
		outcome_set(out, CHECK_PASS, NULL, "TPM 2.0 answers through %s", c->transport_name);
	else
		outcome_set(out, CHECK_FAIL, "not-family-2.0", "The TPM reports family \"%s\", not 2.0", e->id.family);
	connection_evidence(out, c);
	firmware_evidence(e, out);
}

static void identity_evidence(struct check_result *res, const struct tpm_identity *id)
{
	result_evidence(res, "manufacturer", "%s", id->manufacturer_id);
	result_evidence(res, "manufacturer_hex", "0x%08x", (unsigned)id->manufacturer);
	result_evidence(res, "vendor_string", "%s", id->vendor_string);
	result_evidence(res, "firmware_version", "%s", id->firmware);
	result_evidence(res, "firmware_raw", "0x%08X 0x%08X", (unsigned)id->firmware1, (unsigned)id->firmware2);
	result_evidence(res, "firmware_version_1", "0x%08x", (unsigned)id->firmware1);
	result_evidence(res, "firmware_version_2", "0x%08x", (unsigned)id->firmware2);
	result_evidence(res, "family", "%s", id->family);
	result_evidence(res, "spec_level", "%u", (unsigned)id->level);
	result_evidence(res, "spec_revision", "%u.%02u", (unsigned)id->revision / 100, (unsigned)id->revision % 100);
	result_evidence(res, "spec_year", "%u", (unsigned)id->year);
	result_evidence(res, "spec_day_of_year", "%u", (unsigned)id->day_of_year);
	result_evidence(res, "vendor_tpm_type", "0x%08x", (unsigned)id->vendor_tpm_type);
}

void judge_tpm_identity(const struct engine *e, struct check_result *out)
{
	const struct tpm_identity *id = &e->id;
	outcome_set(out, id->found ? CHECK_PASS : CHECK_ERROR, "fixed-properties-unreadable",
		    "%s TPM %s, firmware %s, spec %u.%02u level %u (%u)", id->manufacturer_id, id->family, id->firmware,
		    (unsigned)id->revision / 100, (unsigned)id->revision % 100, (unsigned)id->level, (unsigned)id->year);
	if (id->vendor_string[0])
		result_details(out, "Vendor string \"%s\"; manufacturer 0x%08x.", id->vendor_string, (unsigned)id->manufacturer);
	identity_evidence(out, id);
}
