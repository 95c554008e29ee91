/* stdlib.h - memory and conversions for the freestanding UEFI build. */
#ifndef PREFLIGHT_LIBC_STDLIB_H
#define PREFLIGHT_LIBC_STDLIB_H
#include <stddef.h>
#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
void *malloc(size_t n);
void *calloc(size_t count, size_t size);
void *realloc(void *p, size_t n);
void free(void *p);
int atoi(const char *s);
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);
long long strtoll(const char *s, char **end, int base);
int abs(int v);
void qsort(void *base, size_t count, size_t size, int (*cmp)(const void *, const void *));
_Noreturn void abort(void);
char *getenv(const char *name);
#endif
