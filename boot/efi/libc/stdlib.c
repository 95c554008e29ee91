/* stdlib.c - number conversion, sorting and abort (C11 7.22) for the UEFI build. */
#include <stdbool.h>
#include <stdlib.h>
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

int errno;

static int digit_value(int c)
{
	if (isdigit(c))
		return c - '0';
	if (isalpha(c))
		return tolower(c) - 'a' + 10;
	return 99;
}

unsigned long long strtoull(const char *s, char **end, int base)
{
	const char *p = s;
	unsigned long long value = 0;
	bool any = false;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+')
		p++;
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && isxdigit((unsigned char)p[2])) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}
	for (int d; (d = digit_value((unsigned char)*p)) < base; p++) {
		if (value > (UINT64_MAX - (unsigned)d) / (unsigned)base) {
			errno = ERANGE;
			value = UINT64_MAX;
		} else {
			value = value * (unsigned)base + (unsigned)d;
		}
		any = true;
	}
	if (end)
		*end = (char *)(any ? p : s);
	return value;
}

unsigned long strtoul(const char *s, char **end, int base)
{
	unsigned long long v = strtoull(s, end, base);
	return v > 0xffffffffULL ? 0xffffffffUL : (unsigned long)v;
}

long strtol(const char *s, char **end, int base)
{
	while (isspace((unsigned char)*s))
		s++;
	bool negative = *s == '-';
	unsigned long long v = strtoull(negative ? s + 1 : s, end, base);
	if (v > 0x7fffffffULL)
		return negative ? (long)-0x7fffffffL - 1 : 0x7fffffffL;
	return negative ? -(long)v : (long)v;
}

long long strtoll(const char *s, char **end, int base)
{
	while (isspace((unsigned char)*s))
		s++;
	bool negative = *s == '-';
	unsigned long long v = strtoull(negative || *s == '+' ? s + 1 : s, end, base);
	if (v > 0x7fffffffffffffffULL)
		return negative ? (long long)(-0x7fffffffffffffffLL - 1) : 0x7fffffffffffffffLL;
	return negative ? -(long long)v : (long long)v;
}

int atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}

int abs(int v)
{
	return v < 0 ? -v : v;
}

char *getenv(const char *name)
{
	(void)name;
	return NULL;
}

/* Insertion sort: the callers sort at most a few hundred entries. */
void qsort(void *base, size_t count, size_t size, int (*cmp)(const void *, const void *))
{
	uint8_t *a = base;
	uint8_t tmp[256];
	if (size > sizeof(tmp))
		abort();
	for (size_t i = 1; i < count; i++) {
		memcpy(tmp, a + i * size, size);
		size_t j = i;
		for (; j > 0 && cmp(a + (j - 1) * size, tmp) > 0; j--)
			memcpy(a + j * size, a + (j - 1) * size, size);
		memcpy(a + j * size, tmp, size);
	}
}
