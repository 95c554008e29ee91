/* firmware_advisories.c - parse advisory rows and match them against a TPM. */
#include "checks/trust/firmware_advisories.h"
#include "checks/util/text_lines.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const unsigned char firmware_advisories_tsv[];
extern const size_t firmware_advisories_tsv_len;

enum { FIELDS = 10 };

/* "7.61", "7.62.3126" or "7.85.4555.0": MAJOR.MINOR, then optionally build and revision; the numbers left out
 * are `rest` (0 for a range's start, the highest for its end). Returns false for anything else. */
static bool parse_version(const char *s, uint32_t rest, struct tpm_firmware_version *out)
{
	static const unsigned long limit[4] = { 0xFFFF, 0xFFFF, 0xFFFFFF, 0xFFFF };
	int n = 0;
	for (const char *p = s;; n++) {
		char *end;
		if (n == 4 || *p < '0' || *p > '9')
			return false;
		unsigned long value = strtoul(p, &end, 10);
		if (value > limit[n] || end - p > 8)
			return false;
		out->part[n] = (uint32_t)value;
		if (*end == 0)
			break;
		if (*end != '.')
			return false;
		p = end + 1;
	}
	if (n < 1)
		return false; /* MAJOR.MINOR at least */
	while (++n < 4)
		out->part[n] = rest;
	return true;
}

static void copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src);
}

static const char *fill_row(struct firmware_advisory *a, char **f)
{
	memset(a, 0, sizeof(*a));
	copy(a->id, sizeof(a->id), f[0]);
	copy(a->vendor, sizeof(a->vendor), f[1]);
	a->ek_rsa3072_only = strcmp(f[2], "ek-rsa3072-only") == 0;
	if (!a->ek_rsa3072_only && strcmp(f[2], "firmware") != 0)
		return "match must be firmware or ek-rsa3072-only";
	if (!a->ek_rsa3072_only && (!parse_version(f[3], 0, &a->from) || !parse_version(f[4], UINT32_MAX, &a->to) ||
				    tpm_firmware_version_compare(&a->from, &a->to) > 0))
		return "from/to must be versions MAJOR.MINOR[.BUILD[.REVISION]] with from <= to";
	if (strcmp(f[5], "fail") != 0 && strcmp(f[5], "warn") != 0 && strcmp(f[5], "note") != 0)
		return "status must be fail, warn or note";
	copy(a->status, sizeof(a->status), f[5]);
	copy(a->predicts, sizeof(a->predicts), f[6]);
	copy(a->summary, sizeof(a->summary), f[7]);
	copy(a->remediation, sizeof(a->remediation), f[8]);
	copy(a->source, sizeof(a->source), f[9]);
	return a->id[0] && a->vendor[0] && a->summary[0] && a->source[0] ? NULL : "id, vendor, summary and source are required";
}

static void parse_line(char *line, int number, struct advisory_list *out, advisory_problem_fn problem, void *ctx)
{
	char *f[FIELDS], message[200];
	int n = 0;
	if (line[0] == '#' || line[0] == 0)
		return;
	for (char *p = line; n < FIELDS; n++) {
		f[n] = p;
		p = strchr(p, '\t');
		if (!p) {
			n++;
			break;
		}
		*p++ = 0;
	}
	const char *why = n != FIELDS ? "it needs 10 tab-separated fields" : out->count >= ADVISORIES_MAX ? "too many rows"
		: fill_row(&out->rows[out->count], f);
	if (!why) {
		out->count++;
		return;
	}
	snprintf(message, sizeof(message), "advisories: line %d skipped: %s", number, why);
	if (problem)
		problem(ctx, message);
}

void advisories_parse(const char *text, size_t len, struct advisory_list *out, advisory_problem_fn problem, void *ctx)
{
	char line[1024];
	struct text_lines lines;
	if (len > ADVISORY_FILE_MAX)
		len = ADVISORY_FILE_MAX;
	text_lines_init(&lines, text, len);
	while (text_lines_next(&lines, line, sizeof(line), NULL))
		parse_line(line, lines.number, out, problem, ctx);
}

void advisories_builtin(struct advisory_list *out)
{
	out->count = 0;
	advisories_parse((const char *)firmware_advisories_tsv, firmware_advisories_tsv_len, out, NULL, NULL);
}

bool firmware_advisory_matches(const struct firmware_advisory *a, const char *manufacturer,
			       const struct tpm_firmware_version *firmware, bool rsa3072_only)
{
	if (strcmp(a->vendor, "*") != 0 && strcmp(a->vendor, manufacturer) != 0)
		return false;
	if (a->ek_rsa3072_only)
		return rsa3072_only;
	return tpm_firmware_version_compare(firmware, &a->from) >= 0 && tpm_firmware_version_compare(firmware, &a->to) <= 0;
}
