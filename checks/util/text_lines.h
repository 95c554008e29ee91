/*
 * text_lines.h - line by line through text from outside (configuration,
 * version.txt, advisory files): CRLF, LF or a bare CR ends a line, long lines
 * are cut to the buffer, NUL bytes are noticed.
 */
#ifndef PREFLIGHT_TEXT_LINES_H
#define PREFLIGHT_TEXT_LINES_H
#include <stdbool.h>
#include <stddef.h>

struct text_lines {
	const char *text;
	size_t len, pos;
	int number; /* of the line last returned, from 1 */
};

void text_lines_init(struct text_lines *t, const char *text, size_t len);
/* Copies the next line into line (at most cap-1 bytes, NUL-terminated); false at the end of the text.
 * had_nul (may be NULL) tells whether the line contained a NUL byte (the copy stops there). */
bool text_lines_next(struct text_lines *t, char *line, size_t cap, bool *had_nul);

#endif
