/*
 * check_ek.c - ek.cert.present and ek.key.match: the EK certificates found
 * (ek_inventory.c, ek_download.c) and whether each belongs to this TPM's
 * endorsement key.
 */
#include "checks/engine/engine_internal.h"
#include "checks/tpm/tpm_ek_primary.h"
#include "checks/tpm/tpm_rc.h"
#include <stdio.h>
#include <string.h>

/* A firmware TPM without an NV certificate: what its vendor's service said, as Windows would ask it. */
static void judge_download(const struct engine *e, struct check_result *out)
{
	const struct ek_download *d = &e->download;
	const struct ek_slot *s = d->slot;
	if (d->url_known)
		result_evidence(out, "download_url", "%s", d->url);
	if (d->attempted && d->http_status)
		result_evidence(out, "answer", "HTTP %d", d->http_status);
	else if (d->attempted) {
		result_evidence(out, "answer", "%s", d->note);
		result_evidence(out, "failure_code", "%s", d->code);
	}
	if (s && !s->v.parsed) {
		outcome_set(out, CHECK_FAIL, "ftpm-bad-certificate", "The vendor's service answered with an unreadable "
			    "certificate: %s", s->v.parse_error);
	} else if (s) {
		outcome_set(out, e->rsa_ek == s ? CHECK_PASS : CHECK_WARN, "ftpm-not-rsa", "EK certificate downloaded from the "
			    "vendor's service (as Windows will), issued by \"%s\"", s->v.facts.issuer_cn);
		result_evidence(out, "downloaded", "%zu bytes from %s", s->len, d->url);
	} else if (d->http_status == 404) {
		outcome_set(out, CHECK_FAIL, "ftpm-unknown-to-vendor", "The vendor's service does not know this TPM's EK (HTTP 404)");
	} else {
		outcome_set(out, CHECK_WARN, "ftpm-not-provisioned", "No EK certificate in NV: this firmware TPM (%s) gets it "
			    "from the vendor's service at first boot", e->id.manufacturer_id);
		if (!d->url_known)
			result_details(out, "%s", d->note);
		else if (!d->attempted)
			result_details(out, "Windows downloads it from %s; that host must be reachable during provisioning.", d->url);
		else if (!d->http_status)
			result_details(out, "The vendor's service could not be reached: %s. Windows downloads the certificate from "
				       "there; the host must be reachable during provisioning.", d->note);
		else if (d->undecodable[0])
			result_details(out, "The vendor's service answered, but %s.", d->undecodable);
		else
			result_details(out, "The vendor's service answered HTTP %d %s.", d->http_status, d->reason_phrase);
	}
}

static const struct ek_slot *first_unreadable(const struct engine *e)
{
	for (size_t i = 0; i < e->ek_count; i++)
		if (!e->ek[i].v.parsed && !e->ek[i].downloaded)
			return &e->ek[i];
	return NULL;
}

void judge_ek_cert_present(const struct engine *e, struct check_result *out)
{
	const struct ek_slot *bad = first_unreadable(e);
	outcome_copy_evidence(out, &e->nv_notes);
	if (e->nv_list_rc != TSS2_RC_SUCCESS) {
		char words[160];
		tpm_rc_describe(e->nv_list_rc, words, sizeof(words));
		outcome_set(out, CHECK_ERROR, "nv-list-failed", "The TPM's NV indices could not be listed");
		result_details(out, "TPM2_GetCapability(TPM_CAP_HANDLES, 0x01C00000): %s (0x%08x)", words, (unsigned)e->nv_list_rc);
		if (e->nv_list_code[0])
			result_evidence(out, "failure_code", "%s", e->nv_list_code);
	} else if (e->rsa_ek && !e->rsa_ek->downloaded)
		outcome_set(out, CHECK_PASS, NULL, "RSA-2048 EK certificate at NV 0x%08x, issued by \"%s\"",
			    (unsigned)e->rsa_ek->index, e->rsa_ek->v.facts.issuer_cn);
	else if (e->ek_read_failed[0]) {
		outcome_set(out, CHECK_ERROR, "certificate-read-failed", "An EK certificate index could not be read from the "
			    "TPM");
		result_details(out, "%s", e->ek_read_failed);
		if (e->ek_read_failed_code[0])
			result_evidence(out, "failure_code", "%s", e->ek_read_failed_code);
	} else if (bad)
		outcome_set(out, CHECK_FAIL, "unreadable-certificate", "The EK certificate at NV 0x%08x cannot be read: %s",
			    (unsigned)bad->index, bad->v.parse_error);
	else if (e->ek_count && !e->download.slot)
		outcome_set(out, CHECK_FAIL, "no-rsa-certificate", "No RSA-2048 EK certificate (only other key types); Windows "
			    "attests with the RSA EK");
	else if (ek_intel_eps_regenerated(e))
		outcome_set(out, CHECK_FAIL, "eps-regenerated", "No EK certificate, and the Intel PTT endorsement seed was "
			    "regenerated (tpmGeneratedEPS): it can no longer be certified");
	else if (ek_firmware_tpm(e->id.manufacturer_id))
		judge_download(e, out);
	else
		outcome_set(out, CHECK_FAIL, "no-nv-index", "No EK certificate in NV (discrete TPM %s)", e->id.manufacturer_id);
}

/* Does the TPM's key equal the certificate's? RSA: the modulus; ECC: X and Y of the uncompressed point. */
static bool same_key(const TPMT_PUBLIC *tpm, const struct cert_facts *cert)
{
	if (tpm->type == TPM2_ALG_RSA) {
		const uint8_t *p = tpm->unique.rsa.buffer;
		size_t n = tpm->unique.rsa.size;
		while (n > 1 && *p == 0) {
			p++;
			n--;
		}
		/* an empty modulus matches nothing (and is never compared: memcmp must not see a null pointer) */
		return (cert->key_type == KEY_RSA || cert->key_type == KEY_RSA_OAEP) && n && n == cert->rsa_modulus.len &&
		       memcmp(p, cert->rsa_modulus.p, n) == 0;
	}
	const TPM2B_ECC_PARAMETER *x = &tpm->unique.ecc.x, *y = &tpm->unique.ecc.y;
	const struct der *k = &cert->key_bits;
	return cert->key_type == KEY_EC && x->size == y->size && k->len == 1u + x->size + y->size && k->p[0] == 0x04 &&
	       memcmp(k->p + 1, x->buffer, x->size) == 0 && memcmp(k->p + 1 + x->size, y->buffer, y->size) == 0;
}

/* The EK public area for a certificate index: the run's shared RSA EK (FACT_EK_KEY) for its index, so the RSA
 * key is generated at most once per run; the persistent key or a CreatePrimary flushed at once for the others. */
static TSS2_RC ek_public(const struct engine *e, const struct ek_slot *s, TPM2B_PUBLIC *pub, bool *created)
{
	if (s->index != e->ek_key.index)
		return tpm_ek_public(e->sys, s->index, false, pub, created);
	*created = e->ek_key.transient;
	if (!e->facts[FACT_EK_KEY].present)
		return e->ek_key.rc != TSS2_RC_SUCCESS ? e->ek_key.rc : TSS2_SYS_RC_GENERAL_FAILURE;
	*pub = e->ek_key.pub;
	return TSS2_RC_SUCCESS;
}

/* Compares one certificate with the TPM's EK for its index; a persistent key that differs is re-checked
 * against a freshly created one (it may come from another template). Returns the response code. */
static TSS2_RC compare_slot(const struct engine *e, const struct ek_slot *s, bool *match, bool *created)
{
	TPM2B_PUBLIC pub;
	TSS2_RC rc = ek_public(e, s, &pub, created);
	*match = rc == TSS2_RC_SUCCESS && same_key(&pub.publicArea, &s->v.facts);
	if (rc == TSS2_RC_SUCCESS && !*match && !*created) {
		rc = tpm_ek_public(e->sys, s->index, true, &pub, created);
		*match = rc == TSS2_RC_SUCCESS && same_key(&pub.publicArea, &s->v.facts);
	}
	return rc;
}

void judge_ek_key_match(const struct engine *e, struct check_result *r)
{
	size_t compared = 0, mismatched = 0, failed = 0;
	char first_failure[240] = "";
	for (size_t i = 0; i < e->ek_count; i++) {
		const struct ek_slot *s = &e->ek[i];
		TPM2B_PUBLIC probe;
		if (!s->v.parsed || !ek_template(s->index, &probe))
			continue;
		bool match = false, created = false;
		TSS2_RC rc = compare_slot(e, s, &match, &created);
		char words[160] = "";
		if (rc != TSS2_RC_SUCCESS) /* tpm_ek_public fails only in CreatePrimary: a persistent EK it cannot
					    * read sends it there */
			tpm_rc_describe(rc, words, sizeof(words));
		if (rc != TSS2_RC_SUCCESS && !failed) {
			evidence_transport_code(e, rc, r); /* the first failure's; a failing transport fails them all */
			snprintf(first_failure, sizeof(first_failure), "0x%08x: TPM2_CreatePrimary with the TCG template: %s",
				 (unsigned)s->index, words);
		}
		result_evidence(r, s->downloaded ? "downloaded" : "nv_index", "0x%08x: %s (%s)", (unsigned)s->index,
				rc != TSS2_RC_SUCCESS ? words : match ? "matches" : "DOES NOT MATCH",
				rc != TSS2_RC_SUCCESS ? "TPM2_CreatePrimary with the TCG template failed"
				: created ? "TPM2_CreatePrimary with the TCG template, flushed" : "persistent EK");
		compared++;
		mismatched += rc == TSS2_RC_SUCCESS && !match;
		failed += rc != TSS2_RC_SUCCESS;
	}
	if (!compared) {
		outcome_set(r, CHECK_SKIP, "nothing-to-compare", "Skipped: no EK certificate to compare");
		return;
	}
	if (mismatched)
		outcome_set(r, CHECK_FAIL, "key-mismatch", "%zu of %zu EK certificates do NOT belong to this TPM's endorsement "
			    "keys", mismatched, compared);
	else if (failed)
	{
		outcome_set(r, CHECK_ERROR, "key-unreadable", "%zu of %zu EK keys could not be read from the TPM", failed,
			    compared);
		result_details(r, "%s", first_failure);
	}
	else
		outcome_set(r, CHECK_PASS, NULL, "All %zu of %zu EK certificates belong to this TPM", compared, compared);
}
