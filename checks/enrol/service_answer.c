/* service_answer.c - see service_answer.h. */
#include "checks/enrol/service_answer.h"
#include "checks/util/json_reader.h"
#include "net/http_date.h"
#include <stdio.h>
#include <string.h>

enum { JSON_BODY_MAX = 64 * 1024, RETRY_AFTER_MAX = 100000000 };

static const char *step_name(enum enrol_step s)
{
	static const char *names[] = { "GetCACertChain", "the PKCSReq", "the ClaimChallengeAnswer" };
	return names[s];
}

long retry_after_seconds(const char *value, long long now)
{
	long long at;
	long v = 0;
	if (!value[0])
		return -1;
	if (strspn(value, "0123456789") == strlen(value)) {
		for (const char *p = value; *p; p++)
			if ((v = v * 10 + (*p - '0')) > RETRY_AFTER_MAX)
				return RETRY_AFTER_MAX;
		return v;
	}
	if (!http_date_parse(value, &at))
		return -1;
	return at <= now ? 0 : at - now > RETRY_AFTER_MAX ? RETRY_AFTER_MAX : (long)(at - now);
}

/* The service's words: a JSON body's "Message", else the body's first line; printable ASCII only. */
static void read_message(const struct http_result *r, char *out, size_t cap)
{
	struct json_doc doc = { 0 };
	char why[80];
	out[0] = 0;
	if (r->body && r->body_len && r->body_len <= JSON_BODY_MAX && r->body[0] == '{' &&
	    json_parse((const char *)r->body, r->body_len, &doc, why, sizeof(why)) == 0)
		snprintf(out, cap, "%s", json_member_text(&doc, 0, "Message"));
	json_doc_free(&doc);
	if (!out[0] && r->body_len)
		http_body_excerpt(r, out, cap);
	for (char *p = out; *p; p++)
		if (*p < 0x20 || *p > 0x7E)
			*p = '?';
}

static bool refuse(struct aik_enrol_outcome *out, enum aik_enrol_state s, const char *text, enum enrol_step step)
{
	out->state = s;
	snprintf(out->problem, sizeof(out->problem), "%s: HTTP %d, %s", step_name(step), out->http_status, text);
	return false;
}

static bool client_error(struct aik_enrol_outcome *out, enum enrol_step step)
{
	const char *m = out->service_message;
	int status = out->http_status;
	if (step == STEP_CLAIM)
		return refuse(out, AIK_ENROL_CHALLENGE_REJECTED, "the service refused the answer to its challenge", step);
	if (status == 404 && strstr(m, "does not exist"))
		return refuse(out, AIK_ENROL_AUTHORITY_UNKNOWN, "the service has no AIK CA for this TPM's EK issuer", step);
	if (status == 400 && strstr(m, "No valid TPM EK"))
		return refuse(out, AIK_ENROL_EK_REJECTED, "the service does not trust the EK certificate", step);
	if (status == 400 && strstr(m, "Attestation statement cannot be verified"))
		return refuse(out, AIK_ENROL_ATTESTATION_REJECTED, "the service rejected the TPM's attestation statement", step);
	return refuse(out, AIK_ENROL_REQUEST_REJECTED, "the service refused the request", step);
}

bool service_answer(int rc, const struct http_result *r, enum enrol_step step, long long now,
		    struct aik_enrol_outcome *out)
{
	if (rc != 0) {
		out->state = AIK_ENROL_UNREACHABLE;
		out->http_status = 0;
		snprintf(out->failure_code, sizeof(out->failure_code), "%s", r->code);
		snprintf(out->problem, sizeof(out->problem), "%s: no answer (%s): %.160s", step_name(step),
			 http_phase_name(r->failed), r->error);
		return false;
	}
	out->http_status = r->head.status;
	out->answer_bytes += r->body_len;
	if (r->head.status == 200)
		return true;
	read_message(r, out->service_message, sizeof(out->service_message));
	if (r->head.status == 429) {
		out->retry_after_s = retry_after_seconds(r->head.retry_after, now);
		return refuse(out, AIK_ENROL_RATE_LIMITED, "too many requests (not retried)", step);
	}
	if (r->head.status >= 500 && r->head.status <= 599)
		return refuse(out, AIK_ENROL_SERVICE_ERROR, "a server error", step);
	if (r->head.status >= 400 && r->head.status <= 499)
		return client_error(out, step);
	return refuse(out, AIK_ENROL_SERVICE_ERROR, "an answer SCEP does not have", step);
}
