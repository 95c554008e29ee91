/*
 * check_guidance.h - what follows from an outcome, derived in this one place
 * from its check, status and reason: the fix and the Windows error it
 * predicts. Pass and skip never show either; warn, fail and error show the
 * reason's own. The text and JSON reports, the result screen, the compact
 * summary and the QR code all ask here.
 */
#ifndef PREFLIGHT_CHECK_GUIDANCE_H
#define PREFLIGHT_CHECK_GUIDANCE_H
#include "checks/report/report.h"

struct guidance {
	const char *fix;      /* "" when none */
	const char *predicts; /* "" when none */
};

struct guidance check_guidance(const struct check_result *res);
/* Does a status ever show a fix or a prediction? */
bool status_shows_guidance(enum check_status s);

#endif
