/*
 * service_answer.h - an HTTP answer of Microsoft's AIK service, judged before
 * its body is read as SCEP: the refusals it is known to give (HTTP status and
 * a JSON body {"Message": "..."}, docs/aik-enrolment.md "Refusals"), a 429's
 * Retry-After (RFC 9110 10.2.3, RFC 6585 4), server errors, and no answer.
 */
#ifndef PREFLIGHT_SERVICE_ANSWER_H
#define PREFLIGHT_SERVICE_ANSWER_H
#include <stdbool.h>
#include "checks/enrol/aik_enrol.h"

enum enrol_step { STEP_CA_CHAIN, STEP_PKCS_REQ, STEP_CLAIM };

/*
 * Judges the answer to one request (rc: what io->get / io->post returned). Fills out's http_status,
 * service_message, retry_after_s and, for a refusal, state and problem. True when the answer is a 200 whose body is
 * to be read as the step's message.
 */
bool service_answer(int rc, const struct http_result *r, enum enrol_step step, long long now,
		    struct aik_enrol_outcome *out);
/* Retry-After as seconds from `now`: delay-seconds or an HTTP-date; -1 when absent or unreadable. */
long retry_after_seconds(const char *value, long long now);

#endif
