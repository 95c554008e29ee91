/* report.c - building the report model and deciding the verdict. */
#include "report.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#ifndef PREFLIGHT_VERSION
#define PREFLIGHT_VERSION "0.1.0"
#endif

void report_init(struct report *r, const char *front_end, const char *started_utc)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->tool_version, sizeof(r->tool_version), "%s", PREFLIGHT_VERSION);
	snprintf(r->front_end, sizeof(r->front_end), "%s", front_end);
	snprintf(r->started_utc, sizeof(r->started_utc), "%s", started_utc);
}

struct check_result *report_add(struct report *r, enum check_id id, enum check_status status, const char *fmt, ...)
{
	const struct check_descriptor *d = check_descriptor(id);
	if (!d || r->count >= REPORT_CHECKS_MAX)
		return NULL;
	struct check_result *res = &r->results[r->count++];
	memset(res, 0, sizeof(*res));
	res->check = d;
	res->status = status;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(res->summary, sizeof(res->summary), fmt, ap);
	va_end(ap);
	if (status == CHECK_FAIL || status == CHECK_WARN || status == CHECK_ERROR)
		snprintf(res->remediation, sizeof(res->remediation), "%s", d->remediation);
	return res;
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

/* A check that failed, or could not be carried out, leaves the unit NOT READY: readiness was not shown. */
enum verdict report_verdict(const struct report *r)
{
	enum verdict v = VERDICT_READY;
	for (int i = 0; i < r->count; i++) {
		enum check_status s = r->results[i].status;
		if (s == CHECK_FAIL || s == CHECK_ERROR)
			return VERDICT_NOT_READY;
		if (s == CHECK_WARN)
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
