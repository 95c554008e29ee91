/* check_advisories.c - the TPM's manufacturer, firmware and EK certificates against known advisories. */
#include "checks/engine/engine_internal.h"
#include "checks/trust/firmware_advisories.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Only RSA-3072 among the RSA EK certificates (docs/attestation-facts.md, TPM firmware advisories). */
static bool rsa3072_only(const struct engine *e)
{
	bool has3072 = false;
	for (size_t i = 0; i < e->ek_count; i++) {
		const struct cert_facts *f = &e->ek[i].v.facts;
		if (!e->ek[i].v.parsed || (f->key_type != KEY_RSA && f->key_type != KEY_RSA_OAEP))
			continue;
		if (f->rsa_modulus.len == 256)
			return false;
		has3072 |= f->rsa_modulus.len == 384;
	}
	return has3072;
}

static enum check_status status_of(const char *s)
{
	return strcmp(s, "fail") == 0 ? CHECK_FAIL : strcmp(s, "warn") == 0 ? CHECK_WARN : CHECK_PASS;
}

static void note(void *ctx, const char *message)
{
	report_note(ctx, "%s", message);
}

static void judge_hit(const struct engine *e, const struct firmware_advisory *a, struct check_result *out)
{
	enum check_status s = status_of(a->status);
	outcome_set(out, s, "advisory", "%s", a->summary);
	result_details(out, "Firmware %s.%s %s", e->id.firmware, s == CHECK_PASS ? " Noted, not counted against readiness." : "",
		       s == CHECK_PASS ? a->remediation : "");
	snprintf(out->data_fix, sizeof(out->data_fix), "%s", a->remediation);
	snprintf(out->data_predicts, sizeof(out->data_predicts), "%s", a->predicts);
	result_evidence(out, "advisory", "%s", a->id);
	result_evidence(out, "source", "%s", a->source);
}

void judge_firmware_advisory(const struct engine *e, struct check_result *out)
{
	struct advisory_list *list = malloc(sizeof(*list));
	if (!list) {
		outcome_set(out, CHECK_ERROR, "out-of-memory", "Out of memory");
		return;
	}
	advisories_builtin(list);
	if (e->opt->extra_advisories)
		advisories_parse(e->opt->extra_advisories, e->opt->extra_advisories_len, list, note, e->report);
	const struct firmware_advisory *worst = NULL;
	bool only3072 = rsa3072_only(e);
	for (size_t i = 0; i < list->count; i++) {
		const struct firmware_advisory *a = &list->rows[i];
		if (firmware_advisory_matches(a, e->id.manufacturer_id, &e->id.version, only3072) &&
		    (!worst || status_of(a->status) > status_of(worst->status)))
			worst = a;
	}
	if (worst)
		judge_hit(e, worst, out);
	else
		outcome_set(out, CHECK_PASS, NULL, "No known advisory for %s firmware %s (%zu advisories)", e->id.manufacturer_id,
			    e->id.firmware, list->count);
	free(list);
}
