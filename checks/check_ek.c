/*
 * check_ek.c - the EK certificates in NV and the key they certify (DOMAIN.md
 * 4): enumerate the EK index range, read each certificate, verify it, find
 * the RSA EK certificate Windows uses and compare its key with the TPM's EK.
 */
#include "engine_internal.h"
#include "tpm_ek_primary.h"
#include "tpm_rc.h"
#include "ftpm_ek_url.h"
#include <stdio.h>
#include <string.h>

/* TCG EK Credential Profile 2.3 / DOMAIN.md 4. */
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
	return e->have_permanent && !(e->permanent & TPMA_PERMANENT_OWNERAUTHSET);
}

/* Reads one index under the NV read rule; an index the rule forbids to read is named in the evidence. */
static TSS2_RC read_index(struct engine *e, struct check_result *r, uint32_t h, uint8_t *buf, size_t cap, size_t *len)
{
	enum nv_read_auth rule;
	TSS2_RC rc = tpm_nv_read_all(e->sys, h, owner_auth_empty(e), buf, cap, len, &rule);
	if (rc == TPM_QUERY_RC_NOT_READ)
		result_evidence(r, "skipped_index", "0x%08x: %s", (unsigned)h, nv_read_rule_words(rule));
	else if (rc != TSS2_RC_SUCCESS)
		result_evidence(r, "unreadable_index", "0x%08x (0x%08x)", (unsigned)h, (unsigned)rc);
	return rc;
}

static void read_chain_index(struct engine *e, struct check_result *r, uint32_t h)
{
	size_t len = 0;
	if (e->chain_len + EK_NV_MAX > sizeof(e->chain) ||
	    read_index(e, r, h, e->chain + e->chain_len, EK_NV_MAX, &len) != TSS2_RC_SUCCESS)
		return;
	e->chain_len += len;
}

/* Reads every EK certificate and chain index; records what it saw as evidence. */
static void read_nv(struct engine *e, struct check_result *r)
{
	uint32_t handles[64];
	size_t count = 0;
	TSS2_RC rc = tpm_nv_list(e->sys, NV_EK_FIRST, NV_EK_LAST, handles, 64, &count);
	if (rc != TSS2_RC_SUCCESS) {
		char words[160];
		tpm_rc_describe(rc, words, sizeof(words));
		result_details(r, "Listing the NV indices failed: %s", words);
		return;
	}
	for (size_t i = 0; i < count; i++) {
		uint32_t h = handles[i];
		if (h >= NV_CHAIN_FIRST && h <= NV_CHAIN_LAST)
			read_chain_index(e, r, h);
		else if (h == NV_PLATFORM_CERT)
			result_evidence(r, "platform_certificate", "present at 0x%08x", (unsigned)h);
		if (!is_ek_cert_index(h) || e->ek_count >= EK_SLOTS_MAX)
			continue;
		struct ek_slot *s = &e->ek[e->ek_count];
		s->index = h;
		if (read_index(e, r, h, s->data, sizeof(s->data), &s->len) == TSS2_RC_SUCCESS)
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

/* Verifies one certificate (chain, AIK) and makes it the RSA EK certificate when it is the first RSA-2048 one. */
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

static void verify_slots(struct engine *e, struct check_result *r)
{
	for (size_t i = 0; i < e->ek_count; i++) {
		struct ek_slot *s = &e->ek[i];
		ek_slot_verify(e, s);
		char text[160];
		ek_nv_describe(&s->v.nv, text, sizeof(text));
		result_evidence(r, "nv_index", "0x%08x: %zu bytes, %s%s%s", (unsigned)s->index, s->len, text,
				s->v.parsed ? "" : "; unreadable: ", s->v.parsed ? "" : s->v.parse_error);
	}
}

/* DOMAIN.md 5: firmware TPMs whose EK certificate lives on the vendor's service. */
static bool firmware_tpm(const char *mfr)
{
	return strcmp(mfr, "INTC") == 0 || strcmp(mfr, "AMD") == 0 || strcmp(mfr, "QCOM") == 0;
}

/* DOMAIN.md 5: where Windows will download the certificate from, computed from the RSA EK. */
static void vendor_download_url(struct engine *e, struct check_result *r)
{
	TPM2B_PUBLIC pub;
	bool created;
	char url[200];
	if (strcmp(e->id.manufacturer_id, "QCOM") == 0) {
		result_details(r, "Qualcomm firmware TPMs fetch it from ekcert.spserv.microsoft.com (request format not public).");
		return;
	}
	if (tpm_ek_public(e->sys, 0x01C00002, false, &pub, &created) != TSS2_RC_SUCCESS)
		return;
	const TPM2B_PUBLIC_KEY_RSA *m = &pub.publicArea.unique.rsa;
	if (strcmp(e->id.manufacturer_id, "INTC") == 0)
		intel_ek_url(m->buffer, m->size, url, sizeof(url));
	else
		amd_ek_url(m->buffer, m->size, pub.publicArea.parameters.rsaDetail.exponent, url, sizeof(url));
	result_evidence(r, "download_url", "%s", url);
	if (e->opt->fetch)
		ek_download(e, r, url);
	else
		result_details(r, "Windows downloads it from %s; that host must be reachable during provisioning.", url);
}

static void judge_presence(struct engine *e, struct check_result **r)
{
	struct ek_slot *bad = NULL;
	for (size_t i = 0; i < e->ek_count; i++)
		if (!e->ek[i].v.parsed && !bad)
			bad = &e->ek[i];
	if (e->rsa_ek) {
		(*r)->status = CHECK_PASS;
		snprintf((*r)->summary, sizeof((*r)->summary), "RSA-2048 EK certificate at NV 0x%08x, issued by \"%s\"",
			 (unsigned)e->rsa_ek->index, e->rsa_ek->v.facts.issuer_cn);
		return;
	}
	(*r)->status = CHECK_FAIL;
	snprintf((*r)->remediation, sizeof((*r)->remediation), "%s", (*r)->check->remediation);
	if (bad)
		snprintf((*r)->summary, sizeof((*r)->summary), "The EK certificate at NV 0x%08x cannot be read: %s",
			 (unsigned)bad->index, bad->v.parse_error);
	else if (e->ek_count)
		snprintf((*r)->summary, sizeof((*r)->summary), "No RSA-2048 EK certificate (only other key types); Windows "
			 "attests with the RSA EK");
	else if (strcmp(e->id.manufacturer_id, "INTC") == 0 && (e->permanent & (1u << 10)))
		snprintf((*r)->summary, sizeof((*r)->summary), "No EK certificate, and the Intel PTT endorsement seed was "
			 "regenerated (tpmGeneratedEPS): it can no longer be certified");
	else if (firmware_tpm(e->id.manufacturer_id)) {
		(*r)->status = CHECK_WARN;
		snprintf((*r)->summary, sizeof((*r)->summary), "No EK certificate in NV: this firmware TPM (%s) gets it from "
			 "the vendor's service at first boot", e->id.manufacturer_id);
		vendor_download_url(e, *r);
	} else
		snprintf((*r)->summary, sizeof((*r)->summary), "No EK certificate in NV (discrete TPM %s)", e->id.manufacturer_id);
}

void check_ek_certificates(struct engine *e)
{
	engine_step(e, CHECK_EK_CERT_PRESENT);
	struct check_result *r = report_add(e->report, CHECK_EK_CERT_PRESENT, CHECK_FAIL, "reading");
	if (!r)
		return;
	read_nv(e, r);
	build_pool(e);
	verify_slots(e, r);
	judge_presence(e, &r);
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
		return (cert->key_type == KEY_RSA || cert->key_type == KEY_RSA_OAEP) && n == cert->rsa_modulus.len &&
		       memcmp(p, cert->rsa_modulus.p, n) == 0;
	}
	const TPM2B_ECC_PARAMETER *x = &tpm->unique.ecc.x, *y = &tpm->unique.ecc.y;
	const struct der *k = &cert->key_bits;
	return cert->key_type == KEY_EC && x->size == y->size && k->len == 1u + x->size + y->size && k->p[0] == 0x04 &&
	       memcmp(k->p + 1, x->buffer, x->size) == 0 && memcmp(k->p + 1 + x->size, y->buffer, y->size) == 0;
}

/* Compares one certificate with the TPM's EK for its index; a persistent key that differs is re-checked
 * against a freshly created one (it may come from another template). Returns the response code. */
static TSS2_RC compare_slot(struct engine *e, const struct ek_slot *s, bool *match, bool *created)
{
	TPM2B_PUBLIC pub;
	TSS2_RC rc = tpm_ek_public(e->sys, s->index, false, &pub, created);
	*match = rc == TSS2_RC_SUCCESS && same_key(&pub.publicArea, &s->v.facts);
	if (rc == TSS2_RC_SUCCESS && !*match && !*created) {
		rc = tpm_ek_public(e->sys, s->index, true, &pub, created);
		*match = rc == TSS2_RC_SUCCESS && same_key(&pub.publicArea, &s->v.facts);
	}
	return rc;
}

void check_ek_key(struct engine *e)
{
	size_t compared = 0, mismatched = 0, failed = 0;
	struct check_result *r = NULL;
	engine_step(e, CHECK_EK_KEY_MATCH);
	for (size_t i = 0; i < e->ek_count; i++) {
		const struct ek_slot *s = &e->ek[i];
		TPM2B_PUBLIC probe;
		if (!s->v.parsed || !ek_template(s->index, &probe))
			continue;
		if (!r)
			r = report_add(e->report, CHECK_EK_KEY_MATCH, CHECK_PASS, "comparing");
		bool match = false, created = false;
		TSS2_RC rc = compare_slot(e, s, &match, &created);
		char words[160] = "";
		if (rc != TSS2_RC_SUCCESS)
			tpm_rc_describe(rc, words, sizeof(words));
		result_evidence(r, s->downloaded ? "downloaded" : "nv_index", "0x%08x: %s (%s)", (unsigned)s->index,
				rc != TSS2_RC_SUCCESS ? words : match ? "matches" : "DOES NOT MATCH",
				created ? "TPM2_CreatePrimary with the TCG template, flushed" : "persistent EK");
		compared++;
		mismatched += rc == TSS2_RC_SUCCESS && !match;
		failed += rc != TSS2_RC_SUCCESS;
	}
	if (!r) {
		engine_skip(e, CHECK_EK_KEY_MATCH, "no EK certificate to compare");
		return;
	}
	r->status = mismatched ? CHECK_FAIL : failed ? CHECK_ERROR : CHECK_PASS;
	if (r->status != CHECK_PASS)
		snprintf(r->remediation, sizeof(r->remediation), "%s", r->check->remediation);
	snprintf(r->summary, sizeof(r->summary), mismatched ? "%zu of %zu EK certificates do NOT belong to this TPM's endorsement keys"
		 : failed ? "%zu of %zu EK keys could not be read from the TPM" : "All %zu of %zu EK certificates belong to this TPM",
		 mismatched ? mismatched : failed ? failed : compared, compared);
}
