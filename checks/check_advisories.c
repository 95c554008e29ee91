/* check_advisories.c - the TPM's manufacturer, firmware and EK certificates against known advisories. */
#include "engine_internal.h"
#include "firmware_advisories.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Only RSA-3072 among the RSA EK certificates (DOMAIN.md 6, third-party 2025 reports). */
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

void check_advisories(struct engine *e)
{
	engine_step(e, CHECK_TPM_FIRMWARE);
	struct advisory_list *list = malloc(sizeof(*list));
	if (!list) {
		report_add(e->report, CHECK_TPM_FIRMWARE, CHECK_ERROR, "Out of memory");
		return;
	}
	advisories_builtin(list);
	if (e->opt->extra_advisories)
		advisories_parse(e->opt->extra_advisories, e->opt->extra_advisories_len, list, note, e->report);
	const struct firmware_advisory *worst = NULL;
	bool only3072 = rsa3072_only(e);
	for (size_t i = 0; i < list->count; i++) {
		const struct firmware_advisory *a = &list->rows[i];
		if (firmware_advisory_matches(a, e->id.manufacturer_id, e->id.firmware1, only3072) &&
		    (!worst || status_of(a->status) > status_of(worst->status)))
			worst = a;
	}
	if (!worst) {
		report_add(e->report, CHECK_TPM_FIRMWARE, CHECK_PASS, "No known advisory for %s firmware %s (%zu advisories)",
			   e->id.manufacturer_id, e->id.firmware, list->count);
		free(list);
		return;
	}
	enum check_status s = status_of(worst->status);
	struct check_result *r = report_add(e->report, CHECK_TPM_FIRMWARE, s, "%s", worst->summary);
	if (r) {
		result_details(r, "Firmware %s.%s %s", e->id.firmware, s == CHECK_PASS ? " Noted, not counted against readiness." : "",
			       s == CHECK_PASS ? worst->remediation : "");
		if (s != CHECK_PASS)
			snprintf(r->remediation, sizeof(r->remediation), "%s", worst->remediation);
		snprintf(r->predicts, sizeof(r->predicts), "%s", worst->predicts);
		result_evidence(r, "advisory", "%s", worst->id);
		result_evidence(r, "source", "%s", worst->source);
	}
	free(list);
}
