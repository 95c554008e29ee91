/* stdio.h - formatting only (stb_sprintf); there are no streams in the UEFI build. */
#ifndef PREFLIGHT_LIBC_STDIO_H
#define PREFLIGHT_LIBC_STDIO_H
#include <stddef.h>
#include <stdarg.h>
typedef struct preflight_file FILE;
#define EOF (-1)
int snprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
int sprintf(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Libraries' diagnostics (libqrencode): every stream is the console. */
extern FILE *const stderr;
int fprintf(FILE *stream, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#endif
