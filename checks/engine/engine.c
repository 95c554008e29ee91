/*
 * engine.c - one run: the checks in the order of the check table. Before a
 * check is judged, the facts its row names are gathered (once per run); a
 * check whose fact is missing is skipped, or is an error when the fact should
 * have been there, with the cause the collector recorded. Every outcome is
 * committed once, here.
 */
#include "checks/engine/engine_internal.h"
#include "checks/tpm/tpm_rc.h"
#include "boot/platform.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void engine_options_init(struct engine_options *o, long long now)
{
	memset(o, 0, sizeof(*o));
	o->now = now;
	o->clock_warn_s = 120;
	o->clock_fail_s = 300;
	o->cab_max_age_days = TRUST_CAB_MAX_AGE_DAYS;
	/* Microsoft's connectivity-test endpoint (Windows NCSI), plain HTTP so a Date comes back even behind TLS inspection */
	o->clock_url = "http://www.msftconnecttest.com/connecttest.txt";
	o->sntp_server = "time.windows.com"; /* the time server Windows itself uses */
	http_options_defaults(&o->http);
}

void fact_missing(struct engine *e, enum check_fact f, enum check_status status, const char *fmt, ...)
{
	struct fact_state *s = &e->facts[f];
	s->gathered = true;
	s->present = false;
	s->missing_status = status;
	s->cause = f;
	s->evidence = NULL;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->why, sizeof(s->why), fmt, ap);
	va_end(ap);
}

static void fact_present(struct engine *e, enum check_fact f, bool present, const char *why)
{
	if (present) {
		e->facts[f].gathered = e->facts[f].present = true;
		return;
	}
	fact_missing(e, f, CHECK_SKIP, "%s", why);
}

/* Is the fact f builds on present? If not, f is missing for the same cause. */
static bool builds_on(struct engine *e, enum check_fact f, enum check_fact base)
{
	if (engine_fact(e, base))
		return true;
	e->facts[f] = e->facts[base];
	return false;
}

/* The facts handed over by the front end and those derived from others; the TPM's own are collected. */
static void gather(struct engine *e, enum check_fact f)
{
	const struct engine_options *o = e->opt;
	const char *offline = o->offline_reason[0] ? o->offline_reason : "offline";
	switch (f) {
	case FACT_PLATFORM: fact_present(e, f, o->platform, "no platform facts were gathered"); break;
	case FACT_NETWORK_SETUP:
		fact_present(e, f, o->network, o->fetch ? "the Linux command uses the operating system's network" : offline);
		break;
	case FACT_ONLINE: fact_present(e, f, o->fetch && o->probe, offline); break;
	case FACT_NETWORK_TIME: collect_network_time(e); break;
	case FACT_TPM_ANSWERS:
	case FACT_TPM20: collect_tpm(e); break;
	case FACT_TPM_USABLE:
		if (builds_on(e, f, FACT_TPM20))
			collect_tpm_usable(e);
		break;
	case FACT_TPM_STATE:
		if (builds_on(e, f, FACT_TPM_USABLE))
			collect_tpm_state(e);
		break;
	case FACT_EK_INVENTORY:
		if (builds_on(e, f, FACT_TPM_USABLE))
			collect_ek_inventory(e);
		break;
	case FACT_RSA_EK:
		if (builds_on(e, f, FACT_EK_INVENTORY))
			fact_present(e, f, e->rsa_ek, "no RSA EK certificate");
		break;
	case FACT_EK_KEY:
		if (builds_on(e, f, FACT_EK_INVENTORY))
			collect_ek_key(e);
		break;
	case FACT_TRUST_STORE: fact_present(e, f, o->store, "no TrustedTpm.cab"); break;
	case FACT_AIK_ID:
		if (builds_on(e, f, FACT_RSA_EK))
			fact_present(e, f, e->rsa_ek->v.aik.rule != AIK_RULE_NONE, "no AIK CA id");
		break;
	case FACT_COUNT: break;
	}
}

bool engine_fact(struct engine *e, enum check_fact f)
{
	if (!e->facts[f].gathered)
		gather(e, f);
	if (!e->facts[f].gathered) /* a collector that left its fact unsaid: never a pass by default */
		fact_missing(e, f, CHECK_ERROR, "the %s fact was not gathered", check_fact_name(f));
	return e->facts[f].present;
}

/* The first missing fact of a row, in the order of enum check_fact (the TPM before what is read from it). */
static int missing_fact(struct engine *e, const struct check_descriptor *d)
{
	for (int f = 0; f < FACT_COUNT; f++)
		if ((d->facts & NEEDS(f)) && !engine_fact(e, (enum check_fact)f))
			return f;
	return -1;
}

static void announce(struct engine *e, const struct check_descriptor *d)
{
	e->stepping = true;
	e->step = d->index;
	e->step_ms = platform_ms();
	if (e->opt->progress)
		e->opt->progress(d->id, d->title);
}

void engine_say(const struct engine *e, const char *what)
{
	if (e->stepping && e->opt->progress)
		e->opt->progress(check_descriptor(e->step)->id, what);
}

static void finish(struct engine *e, const struct check_result *r)
{
	if (e->stepping && e->opt->finished)
		e->opt->finished(r->check->id, check_status_name(r->status), (unsigned)(platform_ms() - e->step_ms));
	e->stepping = false;
}

/* A check not judged for a missing fact: the reason of the fact that caused it, its cause and its evidence. */
static void missing_outcome(const struct fact_state *s, struct check_result *draft)
{
	outcome_set(draft, s->missing_status, check_missing_fact_reason(s->cause)->id, "%s: %s",
		    s->missing_status == CHECK_SKIP ? "Skipped" : "Not checked", s->why);
	if (s->evidence)
		outcome_copy_evidence(draft, s->evidence);
}

/*
 * The TPM fell into failure mode during this check: what its judge concluded from the answers is not a finding
 * about the TPM's configuration (and its advice could harm: clearing a TPM that only needs a power cycle). The
 * outcome is failure mode's; what the judge met stays in the details, its evidence is kept.
 */
static void failed_during(const struct fact_state *s, struct check_result *draft)
{
	char met[sizeof(draft->summary) + sizeof(draft->details)];
	snprintf(met, sizeof(met), "What the check met: %s%s%s", draft->summary, draft->details[0] ? " - " : "",
		 draft->details);
	missing_outcome(s, draft);
	result_details(draft, "%s", met);
}

/* How many commands of this check the TPM answered with a warning and were sent again (tcti_transport.c). */
static void retry_evidence(const struct tcti_retry_stats *before, const struct tcti_retry_stats *after,
			   struct check_result *draft)
{
	if (after->resent == before->resent && after->gave_up == before->gave_up)
		return;
	char command[48], warning[160];
	tpm_command_name(after->last_cc, command, sizeof(command));
	tpm_rc_describe(after->last_rc, warning, sizeof(warning));
	result_evidence(draft, "tpm_retries", "%u", after->resent - before->resent);
	result_evidence(draft, "tpm_retry_wait_ms", "%llu", (unsigned long long)(after->waited_ms - before->waited_ms));
	result_evidence(draft, "tpm_retry_last", "%s to %s%s", warning, command,
			after->gave_up != before->gave_up ? " (retry budget spent: given to the check)" : "");
}

/* A firmware departure the transport worked around during this check: shown on it, as the firmware's doing. */
static void quirk_evidence(const struct engine *e, unsigned before, struct check_result *draft)
{
	const struct tpm_transport *t = e->conn ? e->conn->transport : NULL;
	if (t && t->quirks != before)
		result_evidence(draft, "firmware_quirk", "%s (%u time%s)", t->quirk, t->quirks - before,
				t->quirks - before == 1 ? "" : "s");
}

static void gather_and_judge(struct engine *e, const struct check_descriptor *d, struct check_result *draft)
{
	for (int g = 0; g < FACT_COUNT; g++)
		if (d->gathers & NEEDS(g))
			engine_fact(e, (enum check_fact)g);
	int f = missing_fact(e, d);
	if (f >= 0)
		missing_outcome(&e->facts[f], draft);
	else
		d->judge(e, draft);
}

static void run_check(struct engine *e, const struct check_descriptor *d, struct check_result *draft)
{
	announce(e, d);
	outcome_init(draft, d->index);
	unsigned quirks = e->conn && e->conn->transport ? e->conn->transport->quirks : 0;
	struct tcti_retry_stats before, after;
	engine_retry_stats(e, &before);
	bool failing = engine_failure_mode(e);
	if (!d->wanted || d->wanted(e->opt, draft))
		gather_and_judge(e, d, draft);
	if (!failing && engine_failure_mode(e) && !(d->gathers & NEEDS(FACT_TPM_USABLE)))
		failed_during(&e->facts[FACT_TPM_USABLE], draft);
	engine_retry_stats(e, &after);
	retry_evidence(&before, &after, draft);
	quirk_evidence(e, quirks, draft);
	report_commit(e->report, draft);
	finish(e, draft);
}

void engine_run(struct tpm_connection *conn, const struct engine_options *options, struct report *report)
{
	struct engine *e = calloc(1, sizeof(*e));
	struct check_result *draft = malloc(sizeof(*draft));
	if (!e || !draft) {
		report_record(report, CHECK_TPM_PRESENT, CHECK_ERROR, "out-of-memory", "Out of memory");
		free(e);
		free(draft);
		return;
	}
	e->conn = conn;
	e->opt = options;
	e->report = report;
	e->now = options->now;
	e->started_ms = platform_ms();
	cert_pool_init(&e->pool);
	for (int i = 0; i < CHECK_COUNT; i++)
		run_check(e, check_descriptor((enum check_id)i), draft);
	release_tpm(e);
	cert_pool_free(&e->pool);
	free(draft);
	free(e);
}
