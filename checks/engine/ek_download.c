/*
 * ek_download.c - a firmware TPM (Intel PTT, AMD fTPM) keeps no EK
 * certificate in NV: Windows downloads it from the vendor's service at
 * provisioning (docs/attestation-facts.md, firmware TPMs). The tool does the
 * same, so the certificate's key, chain and AIK authority are checked like an
 * NV one. What the service said is recorded for ek.cert.present to judge.
 */
#include "checks/engine/engine_internal.h"
#include "checks/ekcert/ftpm_ek_reply.h"
#include <stdio.h>
#include <string.h>

static void keep_downloaded(struct engine *e, const uint8_t *der, size_t len)
{
	struct ek_slot *s = &e->ek[e->ek_count++];
	memset(s, 0, sizeof(*s));
	s->index = 0x01C00002; /* TCG EK Credential Profile 2.2.1.4: the RSA-2048 EK's certificate index (template L-1) */
	s->downloaded = true;
	memcpy(s->data, der, len);
	s->len = len;
	ek_slot_verify(e, s);
	e->download.decoded = true;
	e->download.slot = s;
}

static void take_answer(struct engine *e, const struct http_result *h)
{
	struct ek_download *d = &e->download;
	static uint8_t der[EK_NV_MAX];
	size_t len = 0;
	if (h->head.status != 200)
		return;
	if (e->ek_count >= EK_SLOTS_MAX)
		snprintf(d->undecodable, sizeof(d->undecodable), "no room for the downloaded certificate");
	else if (ftpm_ek_reply_decode(h->body, h->body_len, der, sizeof(der), &len, d->undecodable,
				      sizeof(d->undecodable)) == 0)
		keep_downloaded(e, der, len);
}

void ek_download(struct engine *e)
{
	struct ek_download *d = &e->download;
	struct http_result h;
	engine_say(e, "downloading the EK certificate from the TPM vendor's service");
	d->attempted = true;
	if (e->opt->fetch(d->url, &e->opt->http, &h) != 0) {
		snprintf(d->note, sizeof(d->note), "%s failed: %s", http_phase_name(h.failed), h.error);
		failure_code_set(d->code, h.code);
	} else {
		d->http_status = h.head.status;
		snprintf(d->reason_phrase, sizeof(d->reason_phrase), "%s", h.head.reason);
		take_answer(e, &h);
	}
	http_result_free(&h);
}
