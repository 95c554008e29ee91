/* tpm_identity.c - read and decode the TPM's fixed properties. */
#include "checks/tpm/tpm_identity.h"
#include "checks/tpm/tpm_query.h"
#include <stdio.h>
#include <string.h>

/* Four big-endian ASCII bytes (Part 2: "four-character strings" in TPM_PT values). */
static void ascii4(uint32_t value, char out[4])
{
	for (int i = 0; i < 4; i++) {
		char c = (char)(value >> (24 - 8 * i));
		out[i] = c == 0 ? ' ' : (c >= 0x20 && c < 0x7f ? c : '.');
	}
}

static void trim_right(char *s)
{
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		s[--n] = 0;
}

void tpm_manufacturer_id(uint32_t value, char out[5])
{
	ascii4(value, out);
	out[4] = 0;
	trim_right(out);
}

static void set_family(struct tpm_identity *id, uint32_t value)
{
	ascii4(value, id->family);
	id->family[4] = 0;
	trim_right(id->family);
}

void tpm_identity_apply(struct tpm_identity *id, uint32_t property, uint32_t value)
{
	if (property >= PT_VENDOR_STRING_1 && property <= PT_VENDOR_STRING_4) {
		ascii4(value, id->vendor_string + 4 * (property - PT_VENDOR_STRING_1));
		id->found++;
		return;
	}
	switch (property) {
	case PT_FAMILY_INDICATOR: set_family(id, value); break;
	case PT_LEVEL: id->level = value; break;
	case PT_REVISION: id->revision = value; break;
	case PT_DAY_OF_YEAR: id->day_of_year = value; break;
	case PT_YEAR: id->year = value; break;
	case PT_MANUFACTURER: id->manufacturer = value; break;
	case PT_VENDOR_TPM_TYPE: id->vendor_tpm_type = value; break;
	case PT_FIRMWARE_VERSION_1: id->firmware1 = value; break;
	case PT_FIRMWARE_VERSION_2: id->firmware2 = value; break;
	default: return;
	}
	id->found++;
}

void tpm_identity_finish(struct tpm_identity *id)
{
	id->vendor_string[16] = 0;
	trim_right(id->vendor_string);
	tpm_manufacturer_id(id->manufacturer, id->manufacturer_id);
	/* docs/attestation-facts.md §6: the split depends on the maker (Infineon's differs) */
	id->version = tpm_firmware_version(id->manufacturer, id->firmware1, id->firmware2);
	tpm_firmware_version_text(&id->version, id->firmware, sizeof(id->firmware));
}

enum { PROPERTIES_PER_CALL = 64 };

TSS2_RC tpm_identity_read(TSS2_SYS_CONTEXT *sys, struct tpm_identity *id)
{
	memset(id, 0, sizeof(*id));
	uint32_t next = PT_FAMILY_INDICATOR;
	/* PT_FIXED holds fewer than 64 properties; the bound stops a TPM that keeps saying moreData. */
	for (int round = 0; round < 8 && next <= PT_FIRMWARE_VERSION_2; round++) {
		TPMI_YES_NO more = TPM2_NO;
		TPMS_CAPABILITY_DATA data;
		memset(&data, 0, sizeof(data));
		TSS2_RC rc = Tss2_Sys_GetCapability(sys, NULL, TPM2_CAP_TPM_PROPERTIES, next, PROPERTIES_PER_CALL,
						    &more, &data, NULL);
		rc = tpm_capability_exact(sys, rc, &data);
		if (rc != TSS2_RC_SUCCESS)
			return rc;
		if (data.capability != TPM2_CAP_TPM_PROPERTIES)
			return TSS2_SYS_RC_MALFORMED_RESPONSE;
		const TPML_TAGGED_TPM_PROPERTY *list = &data.data.tpmProperties;
		uint32_t count = list->count < TPM2_MAX_TPM_PROPERTIES ? list->count : TPM2_MAX_TPM_PROPERTIES;
		uint32_t last = next;
		for (uint32_t i = 0; i < count; i++) {
			tpm_identity_apply(id, list->tpmProperty[i].property, list->tpmProperty[i].value);
			last = list->tpmProperty[i].property;
		}
		if (!more || count == 0 || last < next)
			break;
		next = last + 1;
	}
	tpm_identity_finish(id);
	return TSS2_RC_SUCCESS;
}
