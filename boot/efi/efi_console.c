/* efi_console.c - UTF-8 to UCS-2 for SIMPLE_TEXT_OUTPUT (UEFI 12.4), in bounded chunks. */
#include "efi_console.h"
#include "efi_globals.h"
#include "libc/libc_console.h"
#include <stdarg.h>
#include <stdio.h>

enum { CHUNK = 128 };

/* Decodes one UTF-8 sequence; malformed bytes become '?'. Returns bytes consumed. */
static int utf8_next(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	int n = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : 0;
	for (int i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			n = 0;
	if (n == 0) {
		*cp = '?';
		return 1;
	}
	*cp = n == 2 ? (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F)
		     : (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
	return n;
}

void efi_print(const char *text)
{
	if (!efi_system || !efi_system->ConOut)
		return;
	CHAR16 buf[CHUNK + 2];
	size_t n = 0;
	const unsigned char *s = (const unsigned char *)text;
	while (*s) {
		uint32_t cp;
		s += utf8_next(s, &cp);
		if (cp == '\n')
			buf[n++] = '\r';
		buf[n++] = (CHAR16)cp;
		if (n >= CHUNK) {
			buf[n] = 0;
			efi_system->ConOut->OutputString(efi_system->ConOut, buf);
			n = 0;
		}
	}
	buf[n] = 0;
	if (n)
		efi_system->ConOut->OutputString(efi_system->ConOut, buf);
}

void efi_printf(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	efi_print(line);
}

void efi_set_colour(uint32_t attribute)
{
	if (efi_system && efi_system->ConOut)
		efi_system->ConOut->SetAttribute(efi_system->ConOut, attribute);
}

void libc_console_write(const char *text)
{
	efi_print(text);
}
