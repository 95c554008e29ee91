/* merge_row.c - pick a run's facts out of its report JSON. */
#include "merge_row.h"
#include <stdio.h>
#include <string.h>

static void copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
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
	size_t used = strlen(dst);
	if (!*text || used + strlen(sep) + strlen(text) + 1 > cap)
		return;
	snprintf(dst + used, cap - used, "%s%s", used ? sep : "", text);
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
	copy(row->started, sizeof(row->started), json_member_text(doc, 0, "started_utc"));
	copy(row->serial, sizeof(row->serial), evidence(doc, checks, "platform.info", "serial"));
	copy(row->manufacturer, sizeof(row->manufacturer), evidence(doc, checks, "platform.info", "system_manufacturer"));
	copy(row->model, sizeof(row->model), evidence(doc, checks, "platform.info", "product"));
	copy(row->bios_version, sizeof(row->bios_version), evidence(doc, checks, "platform.info", "bios_version"));
	copy(row->tpm_vendor, sizeof(row->tpm_vendor), evidence(doc, checks, "tpm.identity", "manufacturer"));
	copy(row->tpm_firmware, sizeof(row->tpm_firmware), evidence(doc, checks, "tpm.identity", "firmware_version"));
	for (int c = doc->nodes[checks].first; c >= 0; c = doc->nodes[c].next) {
		const char *status = json_member_text(doc, c, "status");
		if (strcmp(status, "fail") != 0 && strcmp(status, "error") != 0)
			continue;
		append(row->failing, sizeof(row->failing), " ", json_member_text(doc, c, "id"));
		append(row->predicts, sizeof(row->predicts), "; ", json_member_text(doc, c, "predicts"));
	}
	return 0;
}
