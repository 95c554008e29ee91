/* engine.c - the order of the checks and what each one concludes. */
#include "engine_internal.h"
#include "boot/platform.h"
#include "tpm_identity.h"
#include "tpm_rc.h"
#include "tpmdrv/tcti_transport.h"
#include <stdlib.h>
#include <string.h>

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
}

static void report_absent(struct tpm_connection *c, struct report *r)
{
	static const char *what[] = {
		[TPM_FOUND] = "No TPM transport could be opened",
		[TPM_ABSENT] = "No TPM found",
		[TPM_IS_12] = "The TPM is a TPM 1.2; Windows attestation needs TPM 2.0",
		[TPM_NO_ANSWER] = "A TPM interface exists but the TPM does not answer",
	};
	struct check_result *res = report_add(r, CHECK_TPM_PRESENT, CHECK_FAIL, "%s", what[c->absence]);
	result_details(res, "%s", c->problem[0] ? c->problem : "no details");
	connection_evidence(res, c);
	report_add(r, CHECK_TPM_IDENTITY, CHECK_SKIP, "Skipped: no TPM 2.0 to ask");
}

static void identity_evidence(struct check_result *res, const struct tpm_identity *id)
{
	result_evidence(res, "manufacturer", "%s", id->manufacturer_id);
	result_evidence(res, "manufacturer_hex", "0x%08x", (unsigned)id->manufacturer);
	result_evidence(res, "vendor_string", "%s", id->vendor_string);
	result_evidence(res, "firmware_version", "%s", id->firmware);
	result_evidence(res, "firmware_version_1", "0x%08x", (unsigned)id->firmware1);
	result_evidence(res, "firmware_version_2", "0x%08x", (unsigned)id->firmware2);
	result_evidence(res, "family", "%s", id->family);
	result_evidence(res, "spec_level", "%u", (unsigned)id->level);
	result_evidence(res, "spec_revision", "%u.%02u", (unsigned)id->revision / 100, (unsigned)id->revision % 100);
	result_evidence(res, "spec_year", "%u", (unsigned)id->year);
	result_evidence(res, "spec_day_of_year", "%u", (unsigned)id->day_of_year);
	result_evidence(res, "vendor_tpm_type", "0x%08x", (unsigned)id->vendor_tpm_type);
}

static void report_no_answer(struct tpm_connection *c, struct report *r, TSS2_TCTI_CONTEXT *tcti, TSS2_RC rc)
{
	char words[160];
	tpm_rc_describe(rc, words, sizeof(words));
	bool tpm12 = tcti_transport_last_status(tcti) == TRANSPORT_TPM12;
	c->unreachable = tcti_transport_last_status(tcti) == TRANSPORT_NO_DEVICE;
	struct check_result *res = report_add(r, CHECK_TPM_PRESENT, CHECK_FAIL, "%s",
		tpm12 ? "The TPM is a TPM 1.2; Windows attestation needs TPM 2.0"
		      : "The TPM did not answer TPM2_GetCapability");
	result_details(res, "%s%s%s", words, c->transport->error[0] ? "; " : "", c->transport->error);
	connection_evidence(res, c);
	result_evidence(res, "response_code", "0x%08x", (unsigned)rc);
	report_add(r, CHECK_TPM_IDENTITY, CHECK_SKIP, "Skipped: the TPM did not answer");
}

static void report_identity(struct tpm_connection *c, struct report *r, const struct tpm_identity *id)
{
	bool is20 = strcmp(id->family, "2.0") == 0;
	struct check_result *res = report_add(r, CHECK_TPM_PRESENT, is20 ? CHECK_PASS : CHECK_FAIL,
		is20 ? "TPM 2.0 answers through %s" : "The TPM reports family \"%s\", not 2.0",
		is20 ? c->transport_name : id->family);
	connection_evidence(res, c);
	res = report_add(r, CHECK_TPM_IDENTITY, id->found ? CHECK_PASS : CHECK_ERROR,
		"%s TPM %s, firmware %s, spec %u.%02u level %u (%u)", id->manufacturer_id, id->family, id->firmware,
		(unsigned)id->revision / 100, (unsigned)id->revision % 100, (unsigned)id->level, (unsigned)id->year);
	if (id->vendor_string[0])
		result_details(res, "Vendor string \"%s\"; manufacturer 0x%08x.", id->vendor_string, (unsigned)id->manufacturer);
	identity_evidence(res, id);
}

void engine_options_init(struct engine_options *o, long long now)
{
	memset(o, 0, sizeof(*o));
	o->now = now;
	o->clock_warn_s = 120;
	o->clock_fail_s = 300;
	o->clock_url = "http://www.msftconnecttest.com/connecttest.txt"; /* DOMAIN.md 8 */
	o->sntp_server = "time.windows.com"; /* the time server Windows itself uses */
	http_options_defaults(&o->http);
}

/* Tells the front end how the step in progress ended, once its result is in the report. */
static void finish_step(struct engine *e)
{
	const struct check_result *r = e->stepping ? report_find(e->report, e->step) : NULL;
	e->stepping = false;
	if (r && e->opt->finished)
		e->opt->finished(r->check->id, check_status_name(r->status), (unsigned)(platform_ms() - e->step_ms));
}

void engine_step(struct engine *e, enum check_id id)
{
	if (e->stepping && e->step != id)
		finish_step(e);
	if (!e->stepping) {
		e->stepping = true;
		e->step = id;
		e->step_ms = platform_ms();
	}
	if (e->opt->progress)
		e->opt->progress(check_descriptor(id)->id, check_descriptor(id)->title);
}

struct check_result *engine_skip(struct engine *e, enum check_id id, const char *why)
{
	return report_add(e->report, id, CHECK_SKIP, "Skipped: %s", why);
}

static void skip_rest(struct engine *e, enum check_id from, const char *why)
{
	for (int id = from; id < CHECK_COUNT; id++)
		if (!report_find(e->report, (enum check_id)id))
			engine_skip(e, (enum check_id)id, why);
}

/* Everything after the identity needs a TPM 2.0 that answers. */
static void run_checks(struct engine *e)
{
	check_tpm_state(e);
	check_ek_certificates(e);
	check_advisories(e);
	check_ek_key(e);
	check_activation(e);
	check_ek_properties(e);
	check_ek_chain_and_aik(e);
	check_aik_probe(e);
	check_endpoints(e);
}

static void check_tpm(struct engine *e)
{
	TSS2_TCTI_CONTEXT *tcti = tcti_transport_new(e->conn->transport);
	size_t size = Tss2_Sys_GetContextSize(0);
	e->sys = calloc(1, size);
	TSS2_ABI_VERSION abi = TSS2_ABI_VERSION_CURRENT;
	if (!tcti || !e->sys || Tss2_Sys_Initialize(e->sys, size, tcti, &abi) != TSS2_RC_SUCCESS) {
		report_add(e->report, CHECK_TPM_PRESENT, CHECK_ERROR, "Out of memory while preparing the TPM context");
		goto out;
	}
	TSS2_RC rc = tpm_identity_read(e->sys, &e->id);
	if (rc != TSS2_RC_SUCCESS)
		report_no_answer(e->conn, e->report, tcti, rc);
	else
		report_identity(e->conn, e->report, &e->id);
	if (rc == TSS2_RC_SUCCESS && strcmp(e->id.family, "2.0") == 0)
		run_checks(e);
	Tss2_Sys_Finalize(e->sys);
out:
	free(e->sys);
	e->sys = NULL;
	tcti_transport_free(tcti);
}

void engine_run(struct tpm_connection *conn, const struct engine_options *options, struct report *report)
{
	struct engine *e = calloc(1, sizeof(*e));
	if (!e) {
		report_add(report, CHECK_TPM_PRESENT, CHECK_ERROR, "Out of memory");
		return;
	}
	e->conn = conn;
	e->opt = options;
	e->report = report;
	e->now = options->now;
	e->started_ms = platform_ms();
	cert_pool_init(&e->pool);
	check_platform(e);
	check_network(e);
	check_clock(e);
	engine_step(e, CHECK_TPM_PRESENT);
	if (!conn->transport)
		report_absent(conn, report);
	else
		check_tpm(e);
	finish_step(e);
	skip_rest(e, CHECK_PLATFORM_INFO, "no TPM 2.0 answered");
	cert_pool_free(&e->pool);
	free(e);
}
