/* check_guidance.c - an outcome's fix and prediction (check_guidance.h). */
#include "checks/report/check_guidance.h"

bool status_shows_guidance(enum check_status s)
{
	return s == CHECK_WARN || s == CHECK_FAIL || s == CHECK_ERROR;
}

struct guidance check_guidance(const struct check_result *res)
{
	struct guidance g = { "", "" };
	if (!res->check || !status_shows_guidance(res->status))
		return g;
	const struct check_reason *r = check_reason(res->check, res->reason);
	if (!r)
		return g;
	g.fix = r->from_data && res->data_fix[0] ? res->data_fix : r->remediation;
	g.predicts = r->from_data ? res->data_predicts : r->predicts;
	return g;
}
