/*
 * config_excerpt.c - the part of a setting that did not parse which a message may show. Reports go to the
 * screen, the serial console, the stick and an upload collector, so a line such as
 * "upload_header: Authorization: Bearer <token>" or "proxy http://user:password@host" must never appear whole.
 */
#include "checks/config/config.h"
#include <stdbool.h>
#include <string.h>

enum { EXCERPT_CHARS = 32 };

static const char *excerpt(const char *text, bool (*keep)(char), char out[CONFIG_EXCERPT_LEN])
{
	size_t n = 0;
	while (n < EXCERPT_CHARS && text[n] && keep(text[n]))
		n++;
	memcpy(out, text, n);
	strcpy(out + n, text[n] ? "..." : ""); /* "..." says there was more than is shown */
	return out;
}

/* Keys are written in lower case with underscores: a token or a base64 password rarely starts with more. */
static bool key_char(char c)
{
	return (c >= 'a' && c <= 'z') || c == '_';
}

/* Numbers, names, addresses and stick paths; blanks, ':' and '@' end the excerpt (they separate credentials). */
static bool value_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("._,/\\-", c);
}

const char *config_key_excerpt(const char *text, char out[CONFIG_EXCERPT_LEN])
{
	return excerpt(text, key_char, out);
}

const char *config_value_excerpt(const char *text, char out[CONFIG_EXCERPT_LEN])
{
	return excerpt(text, value_char, out);
}
