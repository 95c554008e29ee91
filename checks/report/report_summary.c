/* report_summary.c - the compact one-line summary (format in report_summary.h). */
#include "checks/report/report_summary.h"
#include "checks/report/check_guidance.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

enum { FIELD_MAX = 40, CODES_MAX = 8 };

/* Copies an identity field, keeping it short and free of the separators. */
static void field(char *out, const char *in)
{
	size_t n = 0;
	for (; in && *in && n < FIELD_MAX; in++)
		out[n++] = (*in == '|' || *in == ',' || !isprint((unsigned char)*in)) ? '_' : *in;
	out[n] = 0;
}

static const char *short_verdict(enum verdict v)
{
	return v == VERDICT_READY ? "READY" : v == VERDICT_READY_WITH_WARNINGS ? "WARNINGS"
	       : v == VERDICT_INCOMPLETE ? "INCOMPLETE" : "NOT-READY";
}

/* Adds each Windows error code (0x and 8 hex digits) of text not yet in codes. */
static void collect_codes(const char *text, char codes[][11], int *count)
{
	for (const char *p = strstr(text, "0x"); p; p = strstr(p + 2, "0x")) {
		int hex = 0;
		while (hex < 9 && isxdigit((unsigned char)p[2 + hex]))
			hex++;
		if (hex != 8)
			continue;
		int seen = 0;
		for (int i = 0; i < *count && !seen; i++)
			seen = strncmp(codes[i], p, 10) == 0;
		if (!seen && *count < CODES_MAX) {
			memcpy(codes[*count], p, 10);
			codes[(*count)++][10] = 0;
		}
	}
}

static bool counts(const struct report *r, const struct check_result *res, enum check_status wanted)
{
	bool failure = result_counts_as_failure(r, res);
	return wanted == CHECK_FAIL ? failure : res->status == wanted && !failure;
}

/* The ids of the checks that fail (wanted CHECK_FAIL) or only warn, comma separated, in at most room bytes: when
 * they do not all fit, the last entry is "+N", the number left out (its place is kept free). */
static void id_list(const struct report *r, enum check_status wanted, size_t room, char *out, size_t len)
{
	size_t used = 0;
	int left = 0;
	out[0] = 0;
	for (int i = 0; i < r->count; i++) {
		const struct check_result *res = &r->results[i];
		if (!counts(r, res, wanted))
			continue;
		size_t need = strlen(res->check->id) + (used ? 1 : 0);
		if (left || used + need + 4 > room) {
			left++;
			continue;
		}
		used += (size_t)snprintf(out + used, len - used, "%s%s", used ? "," : "", res->check->id);
	}
	if (left)
		snprintf(out + used, len - used, "%s+%d", used ? "," : "", left);
}

void report_compact_summary(const struct report *r, char *out, size_t len)
{
	char serial[FIELD_MAX + 1], model[FIELD_MAX + 1], codes[CODES_MAX][11], code_list[CODES_MAX * 11 + 1] = "";
	int code_count = 0;
	field(serial, report_serial(r));
	field(model, report_model(r));
	for (int i = 0; i < r->count; i++) /* as in the reports: each outcome's own prediction */
		collect_codes(check_guidance(&r->results[i]).predicts, codes, &code_count);
	for (int i = 0; i < code_count; i++)
		snprintf(code_list + strlen(code_list), sizeof(code_list) - strlen(code_list), "%s%s", i ? "," : "", codes[i]);
	char head[REPORT_SUMMARY_MAX + 1], failing[REPORT_SUMMARY_MAX + 1], warnings[REPORT_SUMMARY_MAX + 1];
	int n = snprintf(head, sizeof(head), "TPMPF2|%s|%s|%s|", serial, model, short_verdict(report_verdict(r)));
	/* the failing ids first take what the codes leave, the warnings what is left after them */
	size_t room = REPORT_SUMMARY_MAX - (size_t)n - 2 - strlen(code_list);
	id_list(r, CHECK_FAIL, room, failing, sizeof(failing));
	id_list(r, CHECK_WARN, room - strlen(failing), warnings, sizeof(warnings));
	snprintf(out, len, "%s%s|%s|%s", head, failing, warnings, code_list);
}
