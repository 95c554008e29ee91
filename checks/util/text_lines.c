/* text_lines.c - the one line splitter for every text file the tool reads. */
#include "checks/util/text_lines.h"
#include <string.h>

void text_lines_init(struct text_lines *t, const char *text, size_t len)
{
	t->text = text;
	t->len = len;
	t->pos = 0;
	t->number = 0;
}

bool text_lines_next(struct text_lines *t, char *line, size_t cap, bool *had_nul)
{
	if (t->pos >= t->len || cap == 0)
		return false;
	size_t start = t->pos, end = start;
	while (end < t->len && t->text[end] != '\n' && t->text[end] != '\r')
		end++;
	size_t n = end - start < cap - 1 ? end - start : cap - 1;
	memcpy(line, t->text + start, n);
	line[n] = 0;
	if (had_nul)
		*had_nul = memchr(line, 0, n) != NULL;
	if (end < t->len && t->text[end] == '\r' && end + 1 < t->len && t->text[end + 1] == '\n')
		end++;
	t->pos = end + 1;
	t->number++;
	return true;
}
