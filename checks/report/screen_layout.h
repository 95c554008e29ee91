/*
 * screen_layout.h - the result screen as lines of text that fit a console of
 * cols x rows (80x25 and up): a verdict banner, the checks that did not pass
 * (selectable), a count of those that did, the fix for the selected one and a
 * key legend; and a details page for one check. Pure, so the layout is tested
 * on the host; the UEFI console only paints the lines (boot/efi/efi_screen.c).
 */
#ifndef PREFLIGHT_SCREEN_LAYOUT_H
#define PREFLIGHT_SCREEN_LAYOUT_H
#include "checks/report/report.h"

enum { SCREEN_COLS_MAX = 200, SCREEN_ROWS_MAX = 100 };

/* The power-off countdown's place at the right end of the first row: the header keeps out of it. */
enum { SCREEN_COUNTDOWN_COLS = 24 };

enum line_kind { LINE_TEXT, LINE_BANNER, LINE_FAIL, LINE_WARN, LINE_PASS, LINE_SELECTED, LINE_KEYS };

struct screen_line {
	enum line_kind kind;
	char text[SCREEN_COLS_MAX + 1];
};

struct screen {
	int count;
	struct screen_line line[SCREEN_ROWS_MAX];
};

/* Indices (into r->results) of the checks that need attention: failures and errors first, then warnings. */
int screen_attention(const struct report *r, int *out, int max);
/* The summary page's list: those, then every other check in report order (passed ones can be opened too). */
int screen_list(const struct report *r, int *out, int max);
/* The summary page; `selected` indexes screen_list. header: e.g. "Contoso Bench PC 5  serial PF-0042". */
void screen_layout_summary(const struct report *r, const char *header, int selected, int cols, int rows, struct screen *s);
/* The text mode to use among `count` offered (cols[i] x rows[i], as QueryMode reports them; 0 x 0 for a mode
 * that cannot be used): the one with the most rows that fits the layout and keeps lines readable (80 to 132
 * columns), else `current`. */
int screen_pick_mode(const int *cols, const int *rows, int count, int current);
/* The details page of one result (wrapped to cols; the first rows-1 lines). */
void screen_layout_details(const struct check_result *res, int cols, int rows, struct screen *s);

#endif
