/*
 * malloc.c - heap over Boot Services AllocatePool (UEFI 7.2).
 *
 * Each block carries a 16-byte header holding its size, so realloc can copy
 * and results stay 16-byte aligned (AllocatePool only promises 8).
 */
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include "../efi_globals.h"

enum { HEADER = 16 };

void *malloc(size_t n)
{
	void *block = NULL;
	if (n > SIZE_MAX - HEADER)
		return NULL;
	if (EFI_ERROR(efi_boot->AllocatePool(EfiLoaderData, n + HEADER, &block)))
		return NULL;
	*(size_t *)block = n;
	return (uint8_t *)block + HEADER;
}

void free(void *p)
{
	if (p)
		efi_boot->FreePool((uint8_t *)p - HEADER);
}

void *calloc(size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		return NULL;
	void *p = malloc(count * size);
	if (p)
		memset(p, 0, count * size);
	return p;
}

void *realloc(void *p, size_t n)
{
	if (!p)
		return malloc(n);
	size_t old = *(size_t *)((uint8_t *)p - HEADER);
	void *q = malloc(n);
	if (!q)
		return NULL;
	memcpy(q, p, old < n ? old : n);
	free(p);
	return q;
}
