/*
 * check_ek_download.c - a firmware TPM (Intel PTT, AMD fTPM) keeps no EK
 * certificate in NV: Windows downloads it from the vendor's service at
 * provisioning (DOMAIN.md 5). The tool does the same, so the certificate's
 * key, chain and AIK authority are checked like an NV one. A 404 means the
 * service does not know this EK and Windows fails with 0x80190194.
 */
#include "engine_internal.h"
#include "ftpm_ek_reply.h"
#include <stdio.h>
#include <string.h>

static void keep_downloaded(struct engine *e, struct check_result *r, const uint8_t *der, size_t len, const char *url)
{
	struct ek_slot *s = &e->ek[e->ek_count++];
	memset(s, 0, sizeof(*s));
	s->index = 0x01C00002; /* TCG EK Credential Profile 2.2.1.4: the RSA-2048 EK's certificate index (template L-1) */
	s->downloaded = true;
	memcpy(s->data, der, len);
	s->len = len;
	ek_slot_verify(e, s);
	if (!s->v.parsed) {
		r->status = CHECK_FAIL;
		snprintf(r->summary, sizeof(r->summary), "The vendor's service answered with an unreadable certificate: %s",
			 s->v.parse_error);
		return;
	}
	r->status = e->rsa_ek == s ? CHECK_PASS : CHECK_WARN;
	snprintf(r->summary, sizeof(r->summary), "EK certificate downloaded from the vendor's service (as Windows will), "
		 "issued by \"%s\"", s->v.facts.issuer_cn);
	result_evidence(r, "downloaded", "%zu bytes from %s", len, url);
}

void ek_download(struct engine *e, struct check_result *r, const char *url)
{
	struct http_result h;
	if (e->opt->progress)
		e->opt->progress("ek.cert.present", "downloading the EK certificate from the TPM vendor's service");
	int rc = e->opt->fetch(url, &e->opt->http, &h);
	if (rc != 0) {
		result_details(r, "The vendor's service could not be reached (%s): %s. Windows downloads the certificate from "
			       "there; the host must be reachable during provisioning.", http_phase_name(h.failed), h.error);
	} else if (h.head.status == 404) {
		r->status = CHECK_FAIL;
		snprintf(r->summary, sizeof(r->summary), "The vendor's service does not know this TPM's EK (HTTP 404)");
		snprintf(r->predicts, sizeof(r->predicts), "0x80190194 (the EK certificate cannot be retrieved: HTTP 404)");
		snprintf(r->remediation, sizeof(r->remediation), "The firmware TPM's EK is not registered with its vendor: update "
			 "the BIOS/ME/PSP firmware, clear the TPM in the firmware setup only if the vendor advises it, or raise it "
			 "with the PC maker citing the URL.");
	} else if (h.head.status != 200) {
		result_details(r, "The vendor's service answered HTTP %d %s.", h.head.status, h.head.reason);
	} else if (e->ek_count >= EK_SLOTS_MAX) {
		result_details(r, "No room for the downloaded certificate.");
	} else {
		static uint8_t der[EK_NV_MAX];
		size_t len = 0;
		char why[160];
		if (ftpm_ek_reply_decode(h.body, h.body_len, der, sizeof(der), &len, why, sizeof(why)) == 0)
			keep_downloaded(e, r, der, len, url);
		else
			result_details(r, "The vendor's service answered, but %s.", why);
	}
	if (rc == 0)
		result_evidence(r, "answer", "HTTP %d", h.head.status);
	else
		result_evidence(r, "answer", "%s failed", http_phase_name(h.failed));
	http_result_free(&h);
}
