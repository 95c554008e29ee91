/* enrol_request.c - the unit's identity as the AIK enrolment sends it (enrol_request.h). */
#include "checks/judges/enrol_request.h"
#include <string.h>

static void add(struct enrol_request *out, const struct cert_facts *f)
{
	struct aik_enrol_identity *id = &out->identity;
	if (id->ek_chain_count >= ENROL_CHAIN_MAX || !f->whole.p || !f->whole.len)
		return;
	out->chain[id->ek_chain_count] = f->whole.p;
	out->chain_len[id->ek_chain_count++] = f->whole.len;
}

/*
 * Windows adds the EK certificate's issuing CAs to SignedData.certificates (the public reconstruction:
 * google/security-research, pocs/bios/tpm-carte-blanche, lib/akscep). Those of the verified chain below its root
 * (the NV chain 0x01C00100+, caIssuers downloads, the cab's intermediates); without a chain, the NV chain and
 * the downloads the run holds.
 */
void enrol_request_fill(const struct engine *e, struct enrol_request *out)
{
	memset(out, 0, sizeof(*out));
	const struct ek_verification *v = &e->rsa_ek->v;
	out->ek = &v->facts;
	out->identity.ek_cert = v->facts.whole.p;
	out->identity.ek_cert_len = v->facts.whole.len;
	out->identity.ek_chain = out->chain;
	out->identity.ek_chain_len = out->chain_len;
	out->identity.os_version = ENROL_OS_VERSION;
	out->identity.machine_name = ENROL_MACHINE_NAME;
	if (v->chained) {
		for (size_t i = 1; i < v->chain.steps; i++)
			if (strcmp(v->chain.step[i].source, "cab-root") != 0 && strcmp(v->chain.step[i].source, "pinned-root") != 0)
				add(out, v->chain.step[i].facts);
		return;
	}
	for (size_t i = 0; i < e->pool.count; i++)
		if (e->pool.certs[i].source == SOURCE_NV || e->pool.certs[i].source == SOURCE_AIA)
			add(out, &e->pool.certs[i].facts);
}

/* Each thing that left the unit, one line each (docs/network.md, "What leaves the unit"). */
void enrol_request_evidence(const struct enrol_request *req, size_t sent, struct check_result *r)
{
	const struct cert_facts *f = req->ek;
	if (!sent) {
		result_evidence(r, "sent_to_microsoft", "nothing about this TPM: the enrolment stopped before its request");
		return;
	}
	result_evidence(r, "sent_ek_certificate", "the RSA EK certificate (%zu bytes) with its public key, and %zu issuing "
			"CA certificate%s", f->whole.len, req->identity.ek_chain_count,
			req->identity.ek_chain_count == 1 ? "" : "s");
	result_evidence(r, "sent_tpm", "manufacturer \"%s\", model \"%s\", firmware \"%s\" (from the EK certificate)",
			f->tpm_manufacturer, f->tpm_model, f->tpm_version);
	result_evidence(r, "sent_aik", "the new AIK's public key, its creation data and TPM2_CertifyCreation");
	result_evidence(r, "sent_names", "OS version \"%s\", machine \"%s\", user \"WORKGROUP\\%s$\" (fixed, not the unit's)",
			ENROL_OS_VERSION, ENROL_MACHINE_NAME, ENROL_MACHINE_NAME);
}
