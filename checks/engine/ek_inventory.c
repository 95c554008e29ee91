/*
 * ek_inventory.c - FACT_EK_INVENTORY: the EK certificates in the TPM's NV
 * (TCG EK Credential Profile 2.3: the index range, the chain indices
 * 0x01C00100+), each verified (chain, AIK CA); the RSA-2048 one is the one
 * Windows uses (FACT_RSA_EK). A firmware TPM without one keeps it on its
 * vendor's service, where Windows downloads it: ek_download.c does the same.
 */
#include "checks/engine/engine_internal.h"
#include "checks/tpm/tpm_ek_primary.h"
#include "checks/tpm/tpm_rc.h"
#include "checks/ekcert/ftpm_ek_url.h"
#include "checks/tpm/nv_read_rule.h"
#include <stdio.h>
#include <string.h>

/* TCG EK Credential Profile 2.3. */
enum { NV_EK_FIRST = 0x01C00000, NV_EK_LAST = 0x01C0FFFF, NV_CHAIN_FIRST = 0x01C00100, NV_CHAIN_LAST = 0x01C001FF,
       NV_PLATFORM_CERT = 0x01C08000 };
static const uint32_t ek_cert_indices[] = { 0x01C00002, 0x01C0000A, 0x01C00012, 0x01C00014, 0x01C00016,
					    0x01C00018, 0x01C0001A, 0x01C0001C, 0x01C0001E };

static bool is_ek_cert_index(uint32_t h)
{
	for (size_t i = 0; i < sizeof(ek_cert_indices) / sizeof(ek_cert_indices[0]); i++)
		if (ek_cert_indices[i] == h)
			return true;
	return false;
}

/* The NV read rule needs to know whether an empty password is the owner's (TPM_PT_PERMANENT.ownerAuthSet). */
static bool owner_auth_empty(const struct engine *e)
{
	return e->facts[FACT_TPM_STATE].present && !(e->permanent & TPMA_PERMANENT_OWNERAUTHSET);
}

/* Reads one index under the NV read rule; an index the rule forbids to read is named in the evidence, and one
 * the TPM failed to read with the command that failed (the rule is known only once NV_ReadPublic answered). The
 * first EK certificate index that failed is kept for ek.cert.present: its certificate is unknown, not absent. */
static TSS2_RC read_index(struct engine *e, uint32_t h, uint8_t *buf, size_t cap, size_t *len)
{
	enum nv_read_auth rule = NV_READ_SKIP_NEEDS_AUTH;
	TSS2_RC rc = tpm_nv_read_all(e->sys, h, owner_auth_empty(e), buf, cap, len, &rule);
	if (rc == TPM_QUERY_RC_NOT_READ)
		result_evidence(&e->nv_notes, "skipped_index", "0x%08x: %s", (unsigned)h, nv_read_rule_words(rule));
	else if (rc != TSS2_RC_SUCCESS) {
		const char *code = engine_transport_code(e, rc);
		const char *command = rule == NV_READ_SKIP_NEEDS_AUTH ? "TPM2_NV_ReadPublic" : "TPM2_NV_Read";
		char words[160], what[200];
		tpm_rc_describe(rc, words, sizeof(words));
		snprintf(what, sizeof(what), "0x%08x: %s: %s%s%s%s", (unsigned)h, command, words, code[0] ? " [" : "", code,
			 code[0] ? "]" : "");
		result_evidence(&e->nv_notes, "unreadable_index", "%s", what);
		if (is_ek_cert_index(h) && !e->ek_read_failed[0]) {
			snprintf(e->ek_read_failed, sizeof(e->ek_read_failed), "%s", what);
			transport_code_set(e->ek_read_failed_code, code);
		}
	}
	return rc;
}

static void read_chain_index(struct engine *e, uint32_t h)
{
	size_t len = 0;
	if (e->chain_len + EK_NV_MAX > sizeof(e->chain) ||
	    read_index(e, h, e->chain + e->chain_len, EK_NV_MAX, &len) != TSS2_RC_SUCCESS)
		return;
	e->chain_len += len;
}

/* Reads every EK certificate and chain index; what it saw is evidence for ek.cert.present. */
static void read_nv(struct engine *e)
{
	uint32_t handles[64];
	size_t count = 0;
	struct check_result *notes = &e->nv_notes;
	e->nv_list_rc = tpm_nv_list(e->sys, NV_EK_FIRST, NV_EK_LAST, handles, 64, &count);
	transport_code_set(e->nv_list_code, engine_transport_code(e, e->nv_list_rc));
	if (e->nv_list_rc != TSS2_RC_SUCCESS)
		return;
	for (size_t i = 0; i < count; i++) {
		uint32_t h = handles[i];
		if (h >= NV_CHAIN_FIRST && h <= NV_CHAIN_LAST)
			read_chain_index(e, h);
		else if (h == NV_PLATFORM_CERT)
			result_evidence(notes, "platform_certificate", "present at 0x%08x", (unsigned)h);
		if (!is_ek_cert_index(h) || e->ek_count >= EK_SLOTS_MAX)
			continue;
		struct ek_slot *s = &e->ek[e->ek_count];
		s->index = h;
		if (read_index(e, h, s->data, sizeof(s->data), &s->len) == TSS2_RC_SUCCESS)
			e->ek_count++;
	}
}

static void build_pool(struct engine *e)
{
	struct nv_certs nv;
	ek_nv_unwrap(e->chain, e->chain_len, &nv);
	for (size_t i = 0; i < nv.count; i++)
		cert_pool_add(&e->pool, nv.certs[i].p, nv.certs[i].len, SOURCE_NV, "NV 0x01C00100+");
	if (e->opt->store)
		cert_pool_add_cab(&e->pool, e->opt->store);
}

void ek_slot_verify(struct engine *e, struct ek_slot *s)
{
	struct aia_online online = { e->opt->fetch, &e->opt->http };
	ek_verify(s->data, s->len, e->id.manufacturer_id, &e->pool, e->opt->store, e->opt->fetch ? &online : NULL, e->now,
		  &s->v);
	bool rsa = s->v.parsed && (s->v.facts.key_type == KEY_RSA || s->v.facts.key_type == KEY_RSA_OAEP) &&
		   s->v.facts.rsa_modulus.len == 256;
	if (rsa && !e->rsa_ek)
		e->rsa_ek = s; /* indices are listed in ascending order: 0x01C00002 before the high range */
}

static void verify_slots(struct engine *e)
{
	for (size_t i = 0; i < e->ek_count; i++) {
		struct ek_slot *s = &e->ek[i];
		ek_slot_verify(e, s);
		char text[160];
		ek_nv_describe(&s->v.nv, text, sizeof(text));
		result_evidence(&e->nv_notes, "nv_index", "0x%08x: %zu bytes, %s%s%s", (unsigned)s->index, s->len, text,
				s->v.parsed ? "" : "; unreadable: ", s->v.parsed ? "" : s->v.parse_error);
	}
}

/* Firmware TPMs whose EK certificate lives on the vendor's service (docs/attestation-facts.md, firmware TPMs). */
bool ek_firmware_tpm(const char *mfr)
{
	return strcmp(mfr, "INTC") == 0 || strcmp(mfr, "AMD") == 0 || strcmp(mfr, "QCOM") == 0;
}

/* An Intel PTT whose endorsement seed was regenerated (TPMA_PERMANENT.tpmGeneratedEPS) can no longer be certified. */
bool ek_intel_eps_regenerated(const struct engine *e)
{
	return strcmp(e->id.manufacturer_id, "INTC") == 0 && e->facts[FACT_TPM_STATE].present &&
	       (e->permanent & TPMA_PERMANENT_TPMGENERATEDEPS);
}

/* Where Windows will download the certificate from, computed from the RSA EK (Intel and AMD publish the rule). */
static void vendor_download_url(struct engine *e)
{
	struct ek_download *d = &e->download;
	TPM2B_PUBLIC pub;
	bool created;
	if (strcmp(e->id.manufacturer_id, "QCOM") == 0) {
		snprintf(d->note, sizeof(d->note), "Qualcomm firmware TPMs fetch it from ekcert.spserv.microsoft.com (request "
			 "format not public).");
		return;
	}
	TSS2_RC rc = tpm_ek_public(e->sys, 0x01C00002, false, &pub, &created);
	if (rc != TSS2_RC_SUCCESS) {
		const char *code = engine_transport_code(e, rc);
		snprintf(d->note, sizeof(d->note), "The RSA EK could not be read to form the vendor's URL (0x%08x%s%s).",
			 (unsigned)rc, code[0] ? ", " : "", code);
		return;
	}
	const TPM2B_PUBLIC_KEY_RSA *m = &pub.publicArea.unique.rsa;
	if (strcmp(e->id.manufacturer_id, "INTC") == 0)
		intel_ek_url(m->buffer, m->size, d->url, sizeof(d->url));
	else
		amd_ek_url(m->buffer, m->size, pub.publicArea.parameters.rsaDetail.exponent, d->url, sizeof(d->url));
	d->url_known = true;
}

static bool no_certificate_at_all(const struct engine *e)
{
	return e->nv_list_rc == TSS2_RC_SUCCESS && e->ek_count == 0;
}

void collect_ek_inventory(struct engine *e)
{
	engine_fact(e, FACT_NETWORK_TIME); /* validity is judged by the network's time when the clock is off */
	engine_fact(e, FACT_TPM_STATE);
	outcome_init(&e->nv_notes, CHECK_EK_CERT_PRESENT);
	read_nv(e);
	build_pool(e);
	verify_slots(e);
	if (no_certificate_at_all(e) && ek_firmware_tpm(e->id.manufacturer_id) && !ek_intel_eps_regenerated(e)) {
		vendor_download_url(e);
		if (e->download.url_known && e->opt->fetch)
			ek_download(e);
	}
	e->facts[FACT_EK_INVENTORY].gathered = e->facts[FACT_EK_INVENTORY].present = true;
}

void outcome_copy_evidence(struct check_result *to, const struct check_result *from)
{
	for (int i = 0; i < from->evidence_count; i++)
		result_evidence(to, from->evidence[i].key, "%s", from->evidence[i].value);
}
