/* report.c - building the report model and deciding the verdict. */
#include "checks/report/report.h"
#include "boot/platform.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#ifndef PREFLIGHT_VERSION
#define PREFLIGHT_VERSION "0.1.0"
#endif

/* A run's id: random where the platform has a source (a unit whose clock restarts at the same second at every boot,
 * a flat RTC battery, has the same started_utc each time). Without one, the start time and the milliseconds since
 * the tool started: unique for the reruns of one boot, the best that is left across boots. */
static void new_run_id(char *out, size_t len, const char *started_utc)
{
	uint64_t id = 0;
	if (platform_random(&id, sizeof(id)) != 0) {
		id = 1469598103934665603ull; /* FNV-1a over the start time, then the milliseconds */
		for (const char *p = started_utc; *p; p++)
			id = (id ^ (unsigned char)*p) * 1099511628211ull;
		id = (id ^ platform_ms()) * 1099511628211ull;
	}
	snprintf(out, len, "%016llx", (unsigned long long)id);
}

void report_init(struct report *r, const char *front_end, const char *started_utc)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->tool_version, sizeof(r->tool_version), "%s", PREFLIGHT_VERSION);
	snprintf(r->front_end, sizeof(r->front_end), "%s", front_end);
	snprintf(r->started_utc, sizeof(r->started_utc), "%s", started_utc);
	new_run_id(r->run_id, sizeof(r->run_id), r->started_utc);
	r->run.complete = true;
	snprintf(r->run.stage, sizeof(r->run.stage), "finished");
}

void report_run_begin(struct report *r, const char *serial, const char *model, const char *settings)
{
	r->run.tracked = true;
	r->run.complete = false;
	snprintf(r->run.serial, sizeof(r->run.serial), "%s", serial ? serial : "");
	snprintf(r->run.model, sizeof(r->run.model), "%s", model ? model : "");
	snprintf(r->run.settings, sizeof(r->run.settings), "%s", settings ? settings : "");
	snprintf(r->run.stage, sizeof(r->run.stage), "started");
}

void report_run_stage(struct report *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->run.stage, sizeof(r->run.stage), fmt, ap);
	va_end(ap);
}

bool report_run_check_started(struct report *r, const char *check_id)
{
	size_t n = strcspn(check_id, ".");
	if (n >= sizeof(r->run.group) || (strncmp(check_id, r->run.group, n) == 0 && r->run.group[n] == 0))
		return false;
	snprintf(r->run.group, sizeof(r->run.group), "%.*s", (int)n, check_id);
	report_run_stage(r, "checks %s.* from %s", r->run.group, check_id);
	return true;
}

void report_run_end(struct report *r)
{
	r->run.complete = true;
	snprintf(r->run.stage, sizeof(r->run.stage), "finished");
}

static const char *platform_evidence(const struct report *r, const char *key)
{
	const struct check_result *info = report_find(r, CHECK_PLATFORM_INFO);
	for (int i = 0; info && i < info->evidence_count; i++)
		if (strcmp(info->evidence[i].key, key) == 0)
			return info->evidence[i].value;
	return NULL;
}

const char *report_serial(const struct report *r)
{
	const char *s = platform_evidence(r, "serial");
	return s ? s : r->run.serial;
}

const char *report_model(const struct report *r)
{
	const char *s = platform_evidence(r, "product");
	return s ? s : r->run.model;
}

const char *beep_state_name(enum beep_state b)
{
	return b == BEEP_SENT ? "sent" : b == BEEP_NOT_AVAILABLE ? "not available" : "off";
}

void outcome_init(struct check_result *o, enum check_id id)
{
	memset(o, 0, sizeof(*o));
	o->check = check_descriptor(id);
	o->status = CHECK_ERROR; /* a draft nobody judged is not a pass */
	snprintf(o->reason, sizeof(o->reason), "not-judged");
}

static void vset(struct check_result *o, enum check_status status, const char *reason, const char *fmt, va_list ap)
{
	o->status = status;
	snprintf(o->reason, sizeof(o->reason), "%s", status == CHECK_PASS || !reason ? "" : reason);
	vsnprintf(o->summary, sizeof(o->summary), fmt, ap);
}

void outcome_set(struct check_result *o, enum check_status status, const char *reason, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vset(o, status, reason, fmt, ap);
	va_end(ap);
}

bool report_commit(struct report *r, const struct check_result *o)
{
	if (!o->check || r->count >= REPORT_CHECKS_MAX) {
		report_note(r, "A check's outcome was dropped: %s", o->check ? "the report is full" : "no such check");
		return false;
	}
	if (report_find(r, o->check->index)) {
		report_note(r, "A second outcome for %s was refused; the first stands.", o->check->id);
		return false;
	}
	r->results[r->count++] = *o;
	return true;
}

const struct check_result *report_record(struct report *r, enum check_id id, enum check_status status, const char *reason,
					 const char *fmt, ...)
{
	static struct check_result draft; /* one at a time; copied into the report */
	outcome_init(&draft, id);
	va_list ap;
	va_start(ap, fmt);
	vset(&draft, status, reason, fmt, ap);
	va_end(ap);
	return report_commit(r, &draft) ? &r->results[r->count - 1] : NULL;
}

void result_details(struct check_result *res, const char *fmt, ...)
{
	if (!res)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(res->details, sizeof(res->details), fmt, ap);
	va_end(ap);
}

void result_evidence(struct check_result *res, const char *key, const char *fmt, ...)
{
	if (!res || res->evidence_count >= EVIDENCE_MAX)
		return;
	/* keys stay unique (they become JSON member names): a repeated key gets _2, _3 ... */
	int same = 0;
	for (int i = 0; i < res->evidence_count; i++)
		same += strncmp(res->evidence[i].key, key, strlen(key)) == 0 &&
			(res->evidence[i].key[strlen(key)] == 0 || res->evidence[i].key[strlen(key)] == '_');
	struct evidence *e = &res->evidence[res->evidence_count++];
	if (same)
		snprintf(e->key, sizeof(e->key), "%s_%d", key, same + 1);
	else
		snprintf(e->key, sizeof(e->key), "%s", key);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->value, sizeof(e->value), fmt, ap);
	va_end(ap);
}

void report_note(struct report *r, const char *fmt, ...)
{
	if (r->note_count >= REPORT_NOTES_MAX)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->notes[r->note_count++], sizeof(r->notes[0]), fmt, ap);
	va_end(ap);
}

const struct check_result *report_find(const struct report *r, enum check_id id)
{
	const struct check_descriptor *d = check_descriptor(id);
	for (int i = 0; i < r->count; i++)
		if (r->results[i].check == d)
			return &r->results[i];
	return NULL;
}

/* A check that failed, or could not be carried out, leaves the unit NOT READY: readiness was not shown. A site may
 * count some warnings as failures (strict = in preflight.conf): that is a rule of the verdict, the outcome stays. */
bool result_counts_as_failure(const struct report *r, const struct check_result *res)
{
	return res->status == CHECK_FAIL || res->status == CHECK_ERROR ||
	       (res->status == CHECK_WARN && res->check && r->strict[res->check->index]);
}

enum verdict report_verdict(const struct report *r)
{
	enum verdict v = VERDICT_READY;
	if (!r->run.complete) /* what is in so far is no verdict: the rest of the checks may fail */
		return VERDICT_INCOMPLETE;
	for (int i = 0; i < r->count; i++) {
		if (result_counts_as_failure(r, &r->results[i]))
			return VERDICT_NOT_READY;
		if (r->results[i].status == CHECK_WARN)
			v = VERDICT_READY_WITH_WARNINGS;
	}
	return v;
}

const char *verdict_name(enum verdict v)
{
	switch (v) {
	case VERDICT_READY: return "READY";
	case VERDICT_READY_WITH_WARNINGS: return "READY WITH WARNINGS";
	case VERDICT_NOT_READY: return "NOT READY";
	case VERDICT_INCOMPLETE: return "INCOMPLETE";
	}
	return "NOT READY";
}

const char *check_status_name(enum check_status s)
{
	switch (s) {
	case CHECK_PASS: return "pass";
	case CHECK_WARN: return "warn";
	case CHECK_FAIL: return "fail";
	case CHECK_SKIP: return "skip";
	case CHECK_ERROR: return "error";
	}
	return "error";
}

void report_delivery(struct report *r, const char *fmt, ...)
{
	char text[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	size_t used = strlen(r->delivery);
	if (!text[0])
		r->delivery[0] = 0;
	else
		snprintf(r->delivery + used, sizeof(r->delivery) - used, "%s%s", used ? "; " : "", text);
}
