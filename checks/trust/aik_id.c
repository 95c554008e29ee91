/* aik_id.c - recognise AIK CA ids in the many spellings TrustedTpm.cab uses. */
#include "checks/trust/aik_id.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

static bool match_word(const char *p, const char *word)
{
	for (; *word; p++, word++)
		if (tolower((unsigned char)*p) != *word)
			return false;
	return true;
}

static bool hex40_at(const char *p)
{
	for (int i = 0; i < AIK_ID_HEX; i++)
		if (!isxdigit((unsigned char)p[i]))
			return false;
	return !isxdigit((unsigned char)p[AIK_ID_HEX]);
}

/* The alphanumeric run that ends just before `end`, at most max-1 characters; returns its start. */
static const char *token_before(const char *start, const char *end, size_t max)
{
	const char *p = end;
	while (p > start && isalnum((unsigned char)p[-1]) && (size_t)(end - p) < max - 1)
		p--;
	return p;
}

static void lower_copy(char *dst, const char *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = (char)tolower((unsigned char)src[i]);
	dst[n] = 0;
}

bool aik_id_find(const char *text, struct aik_id *out)
{
	for (const char *p = text; *p; p++) {
		bool key = match_word(p, "-keyid-"), name = !key && match_word(p, "-nameid-");
		if (!key && !name)
			continue;
		const char *hex = p + (key ? 7 : 8);
		const char *mfr = token_before(text, p, sizeof(out->manufacturer));
		if (mfr == p || !hex40_at(hex))
			continue;
		memset(out, 0, sizeof(*out));
		lower_copy(out->manufacturer, mfr, (size_t)(p - mfr));
		lower_copy(out->hex, hex, AIK_ID_HEX);
		out->name_id = name;
		if (mfr - text >= 4 && mfr[-1] == '-') {
			const char *region = token_before(text, mfr - 1, sizeof(out->region));
			if (mfr - 1 - region == 3)
				lower_copy(out->region, region, 3);
		}
		snprintf(out->canonical, sizeof(out->canonical), "%s-%s-%s", out->manufacturer, name ? "nameid" : "keyid",
			 out->hex);
		return true;
	}
	return false;
}

void aik_id_make(struct aik_id *out, const char *manufacturer, bool name_id, const unsigned char *bytes, size_t len)
{
	memset(out, 0, sizeof(*out));
	lower_copy(out->manufacturer, manufacturer, strnlen(manufacturer, sizeof(out->manufacturer) - 1));
	for (size_t i = 0; i < len && 2 * i + 2 <= AIK_ID_HEX; i++)
		snprintf(out->hex + 2 * i, 3, "%02x", bytes[i]);
	out->name_id = name_id;
	snprintf(out->canonical, sizeof(out->canonical), "%s-%s-%s", out->manufacturer, name_id ? "nameid" : "keyid",
		 out->hex);
}
