/*
 * efi_screen.c - paint screen_layout lines on SIMPLE_TEXT_OUTPUT (UEFI 12.4)
 * in the current mode's size, colours as a help only (every status is also a
 * word), and read keys with SIMPLE_TEXT_INPUT, bounded by a timeout.
 */
#include "efi_screen.h"
#include "efi_console.h"
#include "efi_globals.h"
#include "efi_gop.h"
#include "checks/report/qr_matrix.h"
#include "checks/report/report_summary.h"
#include "checks/report/screen_layout.h"
#include <stdio.h>
#include <string.h>

enum { EFI_BG_GREEN = 0x20, EFI_BG_RED = 0x40, EFI_BG_BROWN = 0x60, SCAN_UP = 0x01, SCAN_DOWN = 0x02, SCAN_ESC = 0x17 };

static void console_size(int *cols, int *rows)
{
	UINTN c = 80, r = 25;
	EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL *out = efi_system->ConOut;
	if (EFI_ERROR(out->QueryMode(out, (UINTN)out->Mode->Mode, &c, &r)) || c < 40 || r < 10)
		c = 80, r = 25;
	*cols = (int)(c > SCREEN_COLS_MAX ? SCREEN_COLS_MAX : c) - 1; /* never write the last column: no wrap */
	*rows = (int)(r > SCREEN_ROWS_MAX ? SCREEN_ROWS_MAX : r);
}

/* UEFI 12.4 QueryMode/SetMode: the largest readable text mode (screen_pick_mode), so more checks fit. */
static void choose_text_mode(void)
{
	enum { MODES_MAX = 32 };
	EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL *out = efi_system->ConOut;
	int cols[MODES_MAX], rows[MODES_MAX], count = out->Mode->MaxMode < MODES_MAX ? (int)out->Mode->MaxMode : MODES_MAX;
	for (int i = 0; i < count; i++) {
		UINTN c = 0, r = 0;
		bool ok = !EFI_ERROR(out->QueryMode(out, (UINTN)i, &c, &r));
		cols[i] = ok ? (int)c : 0;
		rows[i] = ok ? (int)r : 0;
	}
	int pick = screen_pick_mode(cols, rows, count, out->Mode->Mode);
	if (pick != out->Mode->Mode && !EFI_ERROR(out->SetMode(out, (UINTN)pick)))
		efi_printf("SCREEN   text mode %d: %dx%d\n", pick, cols[pick], rows[pick]);
}

static uint32_t colour(enum line_kind kind, enum verdict v)
{
	switch (kind) {
	case LINE_BANNER: return EFI_WHITE | (v == VERDICT_READY ? EFI_BG_GREEN : v == VERDICT_NOT_READY ? EFI_BG_RED : EFI_BG_BROWN);
	case LINE_FAIL: return EFI_RED | 0x08;
	case LINE_WARN: return EFI_YELLOW;
	case LINE_PASS: return EFI_GREEN | 0x08;
	case LINE_SELECTED: return EFI_BLACK | 0x70;
	case LINE_KEYS: return EFI_WHITE;
	default: return EFI_LIGHTGRAY;
	}
}

static void paint(const struct screen *s, enum verdict v, int cols)
{
	EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL *out = efi_system->ConOut;
	efi_set_colour(EFI_LIGHTGRAY);
	out->ClearScreen(out);
	for (int i = 0; i < s->count; i++) {
		out->SetCursorPosition(out, 0, (UINTN)i);
		efi_set_colour(colour(s->line[i].kind, v));
		if (s->line[i].kind == LINE_BANNER) { /* a full-width bar with the verdict in the middle */
			char bar[SCREEN_COLS_MAX + 1];
			int len = (int)strlen(s->line[i].text), left = (cols - len) / 2;
			memset(bar, ' ', (size_t)cols);
			memcpy(bar + (left > 0 ? left : 0), s->line[i].text, (size_t)len);
			bar[cols] = 0;
			efi_print(bar);
		} else {
			efi_print(s->line[i].text);
		}
		efi_set_colour(EFI_LIGHTGRAY);
	}
	efi_print("\n");
}

/* The power-off countdown, in the top right corner, once a second (the serial console sees it as well). */
static void show_countdown(uint64_t left_ms)
{
	EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL *out = efi_system->ConOut;
	UINTN cols = 80, rows = 25;
	if (out->Mode)
		out->QueryMode(out, (UINTN)out->Mode->Mode, &cols, &rows);
	int32_t row = out->Mode ? out->Mode->CursorRow : 0, column = out->Mode ? out->Mode->CursorColumn : 0;
	out->SetCursorPosition(out, cols > SCREEN_COUNTDOWN_COLS ? cols - SCREEN_COUNTDOWN_COLS : 0, 0);
	efi_set_colour(EFI_LIGHTGRAY);
	efi_printf("power off in %5u s", (unsigned)((left_ms + 999) / 1000));
	out->SetCursorPosition(out, (UINTN)column, (UINTN)row);
}

/* Waits for a key for at most the time left, showing what is left; false when the time ran out. The caller
 * restarts the time after each key (a technician at the screen keeps it on). */
static bool next_key(EFI_INPUT_KEY *key, uint64_t *left_ms)
{
	EFI_SIMPLE_TEXT_INPUT_PROTOCOL *in = efi_system->ConIn;
	uint64_t shown = 0;
	while (*left_ms) {
		if (!shown || shown - *left_ms >= 1000) {
			show_countdown(*left_ms);
			shown = *left_ms;
		}
		if (in && !EFI_ERROR(in->ReadKeyStroke(in, key)))
			return true;
		efi_boot->Stall(20000);
		*left_ms = *left_ms > 20 ? *left_ms - 20 : 0;
	}
	return false;
}

static void show_details(const struct report *r, int index, int cols, int rows, uint64_t *left_ms)
{
	struct screen s;
	EFI_INPUT_KEY key;
	screen_layout_details(&r->results[index], cols, rows, &s);
	paint(&s, report_verdict(r), cols);
	while (next_key(&key, left_ms))
		if (key.UnicodeChar == 'q' || key.UnicodeChar == 0x08 || key.ScanCode == SCAN_ESC)
			return;
}

/* The compact summary as a QR code for a phone; any key returns. The serial console gets the same text. */
static void show_qr(const struct report *r, uint64_t *left_ms)
{
	char summary[REPORT_SUMMARY_MAX + 1];
	struct qr_matrix m;
	EFI_INPUT_KEY key;
	EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL *out = efi_system->ConOut;
	report_compact_summary(r, summary, sizeof(summary));
	efi_set_colour(EFI_LIGHTGRAY);
	out->ClearScreen(out);
	if (qr_matrix_make(summary, &m) != 0) {
		efi_printf("The summary does not fit a QR code.\n%s\nAny key goes back.\n", summary);
	} else {
		/* every line first: text printed after the code would scroll or cover it, and a phone no longer reads it */
		efi_printf("Scan for the ticket (any key goes back):\n%s\nQRCODE   version %d, %d modules\n", summary,
			   m.version, m.width);
		bool drawn = efi_gop_draw_qr(&m, out->Mode ? out->Mode->CursorRow + 1 : 6);
		/* one last line in the row kept for it, without a line feed: the console must not scroll the code away */
		efi_printf("QRCODE   %s", drawn ? "shown" : "not shown (no graphics console)");
		qr_matrix_free(&m);
	}
	next_key(&key, left_ms);
}

enum screen_action efi_screen_interact(const struct report *r, const char *header, unsigned timeout_s)
{
	int cols, rows, list[REPORT_CHECKS_MAX], n = screen_list(r, list, REPORT_CHECKS_MAX), selected = 0;
	const uint64_t timeout_ms = (uint64_t)timeout_s * 1000;
	uint64_t left_ms = timeout_ms;
	struct screen s;
	EFI_INPUT_KEY key;
	choose_text_mode();
	console_size(&cols, &rows);
	for (;;) {
		screen_layout_summary(r, header, n ? selected : -1, cols, rows, &s);
		paint(&s, report_verdict(r), cols);
		if (!next_key(&key, &left_ms))
			return SCREEN_TIMEOUT;
		left_ms = timeout_ms; /* a key press restarts the countdown (docs/user-guide.md) */
		CHAR16 c = key.UnicodeChar;
		if ((key.ScanCode == SCAN_UP || c == 'k') && selected > 0)
			selected--;
		else if ((key.ScanCode == SCAN_DOWN || c == 'j') && selected + 1 < n)
			selected++;
		else if ((c == '\r' || c == '\n') && n)
			show_details(r, list[selected], cols, rows, &left_ms);
		else if (c == 'c' || c == 'C')
			show_qr(r, &left_ms);
		else if (c == 'r' || c == 'R')
			return SCREEN_RERUN;
		else if (c == 's' || c == 'S')
			return SCREEN_SAVE;
		else if (c == 'p' || c == 'P')
			return SCREEN_POWER_OFF;
		else if (c == 'b' || c == 'B')
			return SCREEN_REBOOT;
	}
}
