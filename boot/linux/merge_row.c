/* merge_row.c - pick a run's facts out of its report JSON. */
#include "merge_row.h"
#include "checks/util/serial_placeholder.h"
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Length of the well-formed UTF-8 sequence at s (RFC 3629 4: no overlong forms, no surrogates, at most U+10FFFF), 0
 * when there is none. A NUL ends any sequence, so it never reads past the string. */
static size_t utf8_length(const unsigned char *s)
{
	size_t n = s[0] < 0x80 ? 1 : s[0] >= 0xC2 && s[0] <= 0xDF ? 2 : s[0] >= 0xE0 && s[0] <= 0xEF ? 3
		 : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0) || (s[0] == 0xF0 && s[1] < 0x90) ||
	    (s[0] == 0xF4 && s[1] >= 0x90))
		return 0;
	return n;
}

/* C0 controls and DEL, C1 controls (U+0080-U+009F, ECMA-48 8.3), the line and paragraph separators U+2028/2029 and
 * the bidirectional embeddings, overrides and isolates (U+202A-202E, U+2066-2069; Unicode UAX #9): a terminal or a
 * spreadsheet would act on them instead of showing them. */
static bool is_control(const unsigned char *s, size_t n)
{
	if (n == 1)
		return s[0] < 0x20 || s[0] == 0x7F;
	if (n == 2)
		return s[0] == 0xC2 && s[1] < 0xA0;
	return n == 3 && s[0] == 0xE2 && ((s[1] == 0x80 && s[2] >= 0xA8 && s[2] <= 0xAE) ||
					  (s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9));
}

void merge_text_clean(char *dst, size_t cap, const char *src)
{
	const unsigned char *s = (const unsigned char *)(src ? src : "");
	size_t used = 0;
	while (*s && cap) {
		size_t n = utf8_length(s);
		bool replace = !n || is_control(s, n);
		size_t out = replace ? 1 : n;
		if (used + out >= cap)
			break; /* whole characters only */
		if (replace)
			dst[used] = '?';
		else
			memcpy(dst + used, s, n);
		used += out;
		s += n ? n : 1;
	}
	if (cap)
		dst[used] = 0;
}

static void copy(char *dst, size_t cap, const char *src)
{
	merge_text_clean(dst, cap, src);
}

static int find_check(const struct json_doc *doc, int checks, const char *id)
{
	for (int c = checks >= 0 ? doc->nodes[checks].first : -1; c >= 0; c = doc->nodes[c].next)
		if (strcmp(json_member_text(doc, c, "id"), id) == 0)
			return c;
	return -1;
}

static const char *evidence(const struct json_doc *doc, int checks, const char *id, const char *key)
{
	return json_member_text(doc, json_member(doc, find_check(doc, checks, id), "evidence"), key);
}

static void append(char *dst, size_t cap, const char *sep, const char *text)
{
	char clean[512];
	size_t used = strlen(dst);
	merge_text_clean(clean, sizeof(clean), text);
	if (!*clean || used + strlen(sep) + strlen(clean) + 1 > cap)
		return;
	snprintf(dst + used, cap - used, "%s%s", used ? sep : "", clean);
}

/* Schema 2 says it (a site's strict warning counts too); schema 1 wrote such a warning as "fail". */
static bool counts_as_failure(const struct json_doc *doc, int check)
{
	const char *status = json_member_text(doc, check, "status");
	int strict = json_member(doc, check, "counts_as_failure");
	return strcmp(status, "fail") == 0 || strcmp(status, "error") == 0 ||
	       (strict >= 0 && doc->nodes[strict].type == JSON_TRUE);
}

int merge_row_from_report(const struct json_doc *doc, const char *file, struct merge_row *row, char *why, size_t why_len)
{
	memset(row, 0, sizeof(*row));
	int checks = json_member(doc, 0, "checks");
	if (strncmp(json_member_text(doc, 0, "schema"), "tpm-preflight/report/", 21) != 0 || checks < 0 ||
	    doc->nodes[checks].type != JSON_ARRAY || !*json_member_text(doc, 0, "verdict")) {
		snprintf(why, why_len, "not a tpm-preflight report (schema, verdict or checks missing)");
		return -1;
	}
	copy(row->file, sizeof(row->file), file);
	copy(row->verdict, sizeof(row->verdict), json_member_text(doc, 0, "verdict"));
	int complete = json_member(doc, 0, "complete"); /* absent in reports before it: those were written whole */
	if (complete >= 0 && doc->nodes[complete].type != JSON_TRUE) {
		copy(row->verdict, sizeof(row->verdict), "INCOMPLETE"); /* whatever the file's verdict field says */
		copy(row->stage, sizeof(row->stage), *json_member_text(doc, 0, "stage") ? json_member_text(doc, 0, "stage")
											: "unknown");
	}
	copy(row->started, sizeof(row->started), json_member_text(doc, 0, "started_utc"));
	copy(row->serial, sizeof(row->serial), evidence(doc, checks, "platform.info", "serial"));
	copy(row->manufacturer, sizeof(row->manufacturer), evidence(doc, checks, "platform.info", "system_manufacturer"));
	copy(row->model, sizeof(row->model), evidence(doc, checks, "platform.info", "product"));
	copy(row->bios_version, sizeof(row->bios_version), evidence(doc, checks, "platform.info", "bios_version"));
	if (find_check(doc, checks, "platform.info") < 0) { /* a run cut short before it: what it knew at its start */
		int unit = json_member(doc, 0, "unit");
		copy(row->serial, sizeof(row->serial), json_member_text(doc, unit, "serial"));
		copy(row->model, sizeof(row->model), json_member_text(doc, unit, "model"));
	}
	copy(row->tpm_vendor, sizeof(row->tpm_vendor), evidence(doc, checks, "tpm.identity", "manufacturer"));
	copy(row->tpm_firmware, sizeof(row->tpm_firmware), evidence(doc, checks, "tpm.identity", "firmware_version"));
	copy(row->run_id, sizeof(row->run_id), json_member_text(doc, 0, "run_id"));
	const char *problem = serial_problem(row->serial);
	copy(row->serial_flag, sizeof(row->serial_flag), !problem ? "" : row->serial[0] ? "placeholder" : "unset");
	for (int c = doc->nodes[checks].first; c >= 0; c = doc->nodes[c].next) {
		if (!counts_as_failure(doc, c)) {
			if (strcmp(json_member_text(doc, c, "status"), "warn") == 0)
				append(row->warnings, sizeof(row->warnings), " ", json_member_text(doc, c, "id"));
			continue;
		}
		append(row->failing, sizeof(row->failing), " ", json_member_text(doc, c, "id"));
		append(row->predicts, sizeof(row->predicts), "; ", json_member_text(doc, c, "predicts"));
	}
	return 0;
}

int merge_row_same_run(const struct merge_row *a, const struct merge_row *b)
{
	if (a->run_id[0] || b->run_id[0])
		return strcmp(a->run_id, b->run_id) == 0;
	return strcmp(a->serial, b->serial) == 0 && strcmp(a->started, b->started) == 0;
}
