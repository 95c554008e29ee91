/* version_history.c - turn version.txt into dated, per-file events. */
#include "checks/trust/version_history.h"
#include "checks/util/text_lines.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const months[] = { "january", "february", "march", "april", "may", "june", "july",
				      "august", "september", "october", "november", "december" };

bool history_date_parse(const char *text, struct history_date *out)
{
	const char *p = text;
	while (*p == ' ' || *p == '\t')
		p++;
	char *end;
	long day = strtol(p, &end, 10);
	if (end == p || *end != '-' || day < 1 || day > 31)
		return false;
	const char *name = end + 1, *dash = strchr(name, '-');
	if (!dash || dash - name < 3 || dash - name > 9)
		return false;
	int month = 0;
	for (int i = 0; i < 12 && !month; i++)
		if (strncasecmp(name, months[i], (size_t)(dash - name)) == 0)
			month = i + 1;
	long year = strtol(dash + 1, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (!month || year < 2000 || year > 2100 || *end)
		return false;
	*out = (struct history_date){ (int)year, month, (int)day };
	return true;
}

int history_date_compare(const struct history_date *a, const struct history_date *b)
{
	long x = a->year * 400L + a->month * 32L + a->day, y = b->year * 400L + b->month * 32L + b->day;
	return x < y ? -1 : x > y;
}

static bool has_word(const char *line, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = line; *p; p++)
		if ((p == line || !isalpha((unsigned char)p[-1])) && strncasecmp(p, word, n) == 0 &&
		    !isalpha((unsigned char)p[n]))
			return true;
	return false;
}

static bool has_text(const char *line, const char *text)
{
	size_t n = strlen(text);
	for (const char *p = line; *p; p++)
		if (strncasecmp(p, text, n) == 0)
			return true;
	return false;
}

/* A file line names a certificate: an AIK id, or a token with a certificate extension. */
static bool is_file_line(const char *line, struct aik_id *id, bool *has_id)
{
	*has_id = aik_id_find(line, id);
	return *has_id || has_text(line, ".cer") || has_text(line, ".crt") || has_text(line, ".der");
}

/* Headings by keyword (docs/attestation-facts.md §3: never by exact string). Returns false for lines that are not headings. */
static bool heading(const char *line, enum history_action *action, enum history_kind *kind)
{
	if (has_word(line, "renamed"))
		*action = HISTORY_RENAMED_TO;
	else if (has_word(line, "removed") || has_word(line, "removing") || has_word(line, "revoked"))
		*action = HISTORY_REMOVED;
	else if (has_word(line, "added") || has_word(line, "new") || has_word(line, "recreated") ||
		 has_word(line, "renewed") || has_word(line, "replaced") || has_word(line, "missing"))
		*action = HISTORY_ADDED;
	else
		return false;
	*kind = has_text(line, "aik") ? HISTORY_AIK
		: has_word(line, "ek") || has_text(line, "root") || has_text(line, "intermediate") ? HISTORY_EK
		: HISTORY_UNKNOWN;
	return true;
}

struct parser {
	struct version_history *h;
	size_t cap;
	struct history_date date;
	enum history_action action;
	enum history_kind kind;
	bool in_section;
};

static int add_event(struct parser *ps, const char *line, const struct aik_id *id, bool has_id)
{
	struct version_history *h = ps->h;
	if (h->count >= HISTORY_EVENTS_MAX)
		return 0;
	if (h->count == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 256;
		struct history_event *grown = realloc(h->events, cap * sizeof(*grown));
		if (!grown)
			return -1;
		h->events = grown;
		ps->cap = cap;
	}
	struct history_event *e = &h->events[h->count++];
	memset(e, 0, sizeof(*e));
	e->date = ps->date;
	e->action = ps->in_section ? ps->action : HISTORY_OTHER;
	e->kind = has_id ? HISTORY_AIK : ps->kind;
	size_t n = strcspn(line, " \t");
	if (n >= sizeof(e->name))
		n = sizeof(e->name) - 1;
	memcpy(e->name, line, n);
	e->has_id = has_id;
	if (has_id)
		e->id = *id;
	return 0;
}

static int parse_line(struct parser *ps, char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	struct history_date d;
	struct aik_id id;
	bool has_id;
	if (!*line)
		return 0;
	if (history_date_parse(line, &d)) {
		ps->date = d;
		ps->in_section = false;
		if (history_date_compare(&d, &ps->h->updated) > 0)
			ps->h->updated = d;
		return 0;
	}
	if (strcasecmp(line, "to") == 0) { /* "X\n to\n Y": the entry before was the old name */
		if (ps->h->count && ps->action == HISTORY_RENAMED_TO)
			ps->h->events[ps->h->count - 1].action = HISTORY_RENAMED_FROM;
		return 0;
	}
	if (is_file_line(line, &id, &has_id))
		return add_event(ps, line, &id, has_id);
	if (heading(line, &ps->action, &ps->kind))
		ps->in_section = true;
	return 0;
}

int version_history_parse(const char *text, size_t len, struct version_history *out)
{
	struct parser ps = { .h = out };
	char line[512];
	struct text_lines lines;
	memset(out, 0, sizeof(*out));
	if (len > VERSION_TXT_MAX)
		len = VERSION_TXT_MAX;
	text_lines_init(&lines, text, len);
	while (text_lines_next(&lines, line, sizeof(line), NULL)) {
		out->lines++;
		if (parse_line(&ps, line) != 0) {
			version_history_free(out);
			return -1;
		}
	}
	return 0;
}

void version_history_free(struct version_history *h)
{
	free(h->events);
	memset(h, 0, sizeof(*h));
}

const char *history_action_name(enum history_action a)
{
	static const char *names[] = { "added", "removed", "renamed from", "renamed to", "listed" };
	return names[a];
}

const char *history_kind_name(enum history_kind k)
{
	static const char *names[] = { "AIK", "EK", "unknown" };
	return names[k];
}
