/*
 * stdio.c - printf-family formatting from stb_sprintf (Debian libstb-dev),
 * built without floating point (no FPU state is set up for us in UEFI and no
 * compiler-rt helpers exist for the COFF target).
 */
#define STB_SPRINTF_IMPLEMENTATION
#define STB_SPRINTF_NOFLOAT
#define STB_SPRINTF_DECORATE(name) stb_##name
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wimplicit-fallthrough"
#pragma clang diagnostic ignored "-Wsign-compare"
#pragma clang diagnostic ignored "-Wunused-parameter"
#include <stb/stb_sprintf.h>
#pragma clang diagnostic pop
#include <stdio.h>
#include "libc_console.h"

int vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
	return stb_vsnprintf(buf, n > 0x7fffffff ? 0x7fffffff : (int)n, fmt, ap);
}

int snprintf(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return r;
}

int sprintf(char *buf, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = stb_vsprintf(buf, fmt, ap);
	va_end(ap);
	return r;
}

int printf(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	int r = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	libc_console_write(line);
	return r;
}

FILE *const stderr = NULL;

int fprintf(FILE *stream, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	(void)stream;
	va_start(ap, fmt);
	int r = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	libc_console_write(line);
	return r;
}
