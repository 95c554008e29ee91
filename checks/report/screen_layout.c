/* screen_layout.c - lay the result out in lines that fit the console; no line longer than the width. */
#include "checks/report/screen_layout.h"
#include "checks/report/check_guidance.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void add(struct screen *s, int rows, enum line_kind kind, int cols, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void add(struct screen *s, int rows, enum line_kind kind, int cols, const char *fmt, ...)
{
	if (s->count >= rows || s->count >= SCREEN_ROWS_MAX)
		return;
	struct screen_line *l = &s->line[s->count++];
	char text[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	int width = cols < SCREEN_COLS_MAX ? cols : SCREEN_COLS_MAX;
	snprintf(l->text, (size_t)width + 1, "%s", text); /* cut to the width: the console must never wrap */
	l->kind = kind;
}

/* Adds text wrapped at blanks to lines of at most cols, each after `indent` spaces. */
static void add_wrapped(struct screen *s, int rows, enum line_kind kind, int cols, int indent, const char *text)
{
	int width = cols - indent;
	while (*text && width > 8) {
		int n = (int)strlen(text);
		if (n > width) {
			n = width;
			while (n > width / 2 && text[n] != ' ')
				n--;
			if (text[n] != ' ')
				n = width;
		}
		add(s, rows, kind, cols, "%*s%.*s", indent, "", n, text);
		text += n;
		while (*text == ' ')
			text++;
	}
}

int screen_attention(const struct report *r, int *out, int max)
{
	int n = 0;
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < r->count && n < max; i++) {
			bool failure = result_counts_as_failure(r, &r->results[i]);
			if (pass == 0 ? failure : r->results[i].status == CHECK_WARN && !failure)
				out[n++] = i;
		}
	return n;
}

int screen_list(const struct report *r, int *out, int max)
{
	int n = screen_attention(r, out, max);
	for (int i = 0; i < r->count && n < max; i++) {
		bool listed = false;
		for (int k = 0; k < n && !listed; k++)
			listed = out[k] == i;
		if (!listed)
			out[n++] = i;
	}
	return n;
}

static const char *evidence(const struct report *r, enum check_id id, const char *key)
{
	const struct check_result *res = report_find(r, id);
	for (int i = 0; res && i < res->evidence_count; i++)
		if (strcmp(res->evidence[i].key, key) == 0)
			return res->evidence[i].value;
	return "";
}

/* What the fix asks for without opening a check: the TPM's maker, model and firmware as Windows shows them, and
 * the AIK CA's URL (the one to cite to Microsoft). */
static void add_essentials(const struct report *r, struct screen *s, int rows, int cols)
{
	const char *maker = evidence(r, CHECK_TPM_IDENTITY, "manufacturer"), *model = evidence(r, CHECK_TPM_IDENTITY, "vendor_string");
	const char *firmware = evidence(r, CHECK_TPM_IDENTITY, "firmware_version"), *family = evidence(r, CHECK_TPM_IDENTITY, "family");
	const struct check_result *url = report_find(r, CHECK_AIK_URL);
	char text[512];
	if (maker[0]) {
		snprintf(text, sizeof(text), "TPM  %s%s%s%s%s%s%s", maker, model[0] ? " " : "", model, firmware[0] ? ", firmware " : "",
			 firmware, family[0] ? ", TPM " : "", family);
		add_wrapped(s, rows, LINE_TEXT, cols, 0, text);
	}
	if (url && url->status == CHECK_PASS) {
		snprintf(text, sizeof(text), "AIK  %s", url->summary);
		add_wrapped(s, rows, LINE_TEXT, cols, 0, text);
	}
}

/* One list entry: its first line as wide as the console, the rest of its summary wrapped below it under the
 * summary's column (a line is never cut). */
static void add_entry(struct screen *s, int rows, enum line_kind kind, int cols, const char *text)
{
	enum { SUMMARY_COLUMN = 31 };
	int n = (int)strlen(text);
	if (n <= cols) {
		add(s, rows, kind, cols, "%s", text);
		return;
	}
	int cut = cols;
	while (cut > SUMMARY_COLUMN && text[cut] != ' ')
		cut--;
	if (cut <= SUMMARY_COLUMN)
		cut = cols;
	add(s, rows, kind, cols, "%.*s", cut, text);
	text += cut;
	while (*text == ' ')
		text++;
	add_wrapped(s, rows, kind, cols, SUMMARY_COLUMN, text);
}

static const char *tag(enum check_status s)
{
	return s == CHECK_FAIL ? "FAIL " : s == CHECK_ERROR ? "ERROR" : s == CHECK_WARN ? "WARN " : s == CHECK_SKIP ? "SKIP " : "PASS ";
}

static void entry_text(const struct check_result *res, bool selected, char *out, size_t len)
{
	snprintf(out, len, "%s %s %-22s %s", selected ? ">" : " ", tag(res->status), res->check->id, res->summary);
}

/* How many lines an entry takes once wrapped. */
static int entry_lines(const struct check_result *res, int cols)
{
	static struct screen scratch;
	char text[512];
	entry_text(res, false, text, sizeof(text));
	scratch.count = 0;
	add_entry(&scratch, SCREEN_ROWS_MAX, LINE_TEXT, cols, text);
	return scratch.count;
}

/* The first entry to show: the earliest from which the selected one still fits in `room` lines. */
static int first_shown(const struct report *r, const int *list, int selected, int cols, int room)
{
	if (selected < 0)
		return 0;
	int first = selected, used = entry_lines(&r->results[list[selected]], cols);
	while (first > 0 && used + entry_lines(&r->results[list[first - 1]], cols) <= room)
		used += entry_lines(&r->results[list[--first]], cols);
	return first;
}

void screen_layout_summary(const struct report *r, const char *header, int selected, int cols, int rows, struct screen *s)
{
	int list[REPORT_CHECKS_MAX], n = screen_attention(r, list, REPORT_CHECKS_MAX), passed = 0, skipped = 0;
	enum verdict v = report_verdict(r);
	memset(s, 0, sizeof(*s));
	for (int i = 0; i < r->count; i++) {
		passed += r->results[i].status == CHECK_PASS;
		skipped += r->results[i].status == CHECK_SKIP;
	}
	char top[400];
	snprintf(top, sizeof(top), "tpm-preflight %s  %s", r->tool_version, header);
	add_wrapped(s, rows, LINE_TEXT, cols - SCREEN_COUNTDOWN_COLS, 0, top); /* wrapped, never drawn over */
	add(s, rows, LINE_BANNER, cols, "%s", verdict_name(v)); /* words, so it reads without colour */
	if (r->delivery[0]) { /* stays on the screen until a save works: the technician must not miss it */
		char text[400];
		snprintf(text, sizeof(text), "%s - photograph this screen", r->delivery);
		add_wrapped(s, rows, LINE_FAIL, cols, 0, text);
	}
	add(s, rows, LINE_TEXT, cols, "%d passed, %d need attention, %d skipped%s", passed, n, skipped,
	    r->delivery[0] ? "; report NOT delivered (above)" : "");
	if (rows >= 20) /* a console too small for them keeps its rows for the list */
		add_essentials(r, s, rows, cols);
	int all = screen_list(r, list, REPORT_CHECKS_MAX), fix_rows = 4, end = rows - fix_rows - 2;
	int first = first_shown(r, list, selected, cols, end - s->count);
	for (int k = first; k < all && s->count < end; k++) {
		char text[512];
		entry_text(&r->results[list[k]], k == selected, text, sizeof(text));
		const struct check_result *res = &r->results[list[k]];
		add_entry(s, end, k == selected ? LINE_SELECTED : k >= n ? LINE_PASS : res->status == CHECK_WARN ? LINE_WARN
												     : LINE_FAIL, cols, text);
	}
	if (selected >= 0 && selected < all) {
		const struct check_result *res = &r->results[list[selected]];
		add(s, rows, LINE_TEXT, cols, "%s", "");
		const char *fix = check_guidance(res).fix;
		add_wrapped(s, rows - 1, LINE_TEXT, cols, 0, fix[0] ? fix : res->summary);
	}
	s->count = s->count < rows - 1 ? s->count : rows - 1;
	add(s, rows, LINE_KEYS, cols, "%s", "Up/Down select  Enter details  c QR  r rerun  s save  p power off  b reboot");
}

void screen_layout_details(const struct check_result *res, int cols, int rows, struct screen *s)
{
	memset(s, 0, sizeof(*s));
	add(s, rows - 1, res->status == CHECK_PASS ? LINE_PASS : res->status == CHECK_WARN ? LINE_WARN : LINE_FAIL, cols,
	    "%s %s: %s", tag(res->status), res->check->id, res->check->title);
	add_wrapped(s, rows - 1, LINE_TEXT, cols, 2, res->summary);
	if (res->details[0])
		add_wrapped(s, rows - 1, LINE_TEXT, cols, 2, res->details);
	struct guidance g = check_guidance(res);
	if (res->reason[0])
		add(s, rows - 1, LINE_TEXT, cols, "  Reason: %s/%s", res->check->id, res->reason);
	if (g.fix[0]) {
		add(s, rows - 1, LINE_TEXT, cols, "%s", "Fix:");
		add_wrapped(s, rows - 1, LINE_TEXT, cols, 2, g.fix);
	}
	if (g.predicts[0]) {
		add(s, rows - 1, LINE_TEXT, cols, "%s", "Windows would report:");
		add_wrapped(s, rows - 1, LINE_TEXT, cols, 2, g.predicts);
	}
	for (int i = 0; i < res->evidence_count; i++)
		add(s, rows - 1, LINE_TEXT, cols, "  %s = %s", res->evidence[i].key, res->evidence[i].value);
	s->count = s->count < rows - 1 ? s->count : rows - 1;
	add(s, rows, LINE_KEYS, cols, "%s", "q or Backspace: back to the summary");
}

int screen_pick_mode(const int *cols, const int *rows, int count, int current)
{
	int best = current, best_rows = 0;
	for (int i = 0; i < count; i++) {
		bool fits = cols[i] >= 80 && cols[i] <= 132 && cols[i] <= SCREEN_COLS_MAX + 1 && rows[i] >= 25 &&
			    rows[i] <= SCREEN_ROWS_MAX;
		if (fits && rows[i] > best_rows) {
			best = i;
			best_rows = rows[i];
		}
	}
	return best;
}
