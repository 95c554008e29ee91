/*
 * efi_siglist.c - removing one certificate from a list of EFI_SIGNATURE_LISTs
 * (UEFI 2.10 32.4.1). Every size comes from the firmware variable, so each is
 * checked against what is left before it is used.
 */
#include "checks/util/efi_siglist.h"

#include <stdio.h>
#include <string.h>

enum { GUID_LEN = 16, LIST_HEADER_LEN = GUID_LEN + 12 };

/* UEFI 2.10 32.4.1: EFI_CERT_X509_GUID {0xa5c059a1,0x94e4,0x4aa7,{0x87,0xb5,0xab,0x15,0x5c,0x2b,0xf0,0x72}},
 * as it lies in memory (the first three fields little-endian) */
static const uint8_t cert_x509_guid[GUID_LEN] = { 0xa1, 0x59, 0xc0, 0xa5, 0xe4, 0x94, 0xa7, 0x4a,
						  0x87, 0xb5, 0xab, 0x15, 0x5c, 0x2b, 0xf0, 0x72 };

static uint32_t le32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static int refuse(struct siglist_edit *edit, size_t offset, const char *what)
{
	snprintf(edit->error, sizeof(edit->error), "signature list at byte %zu: %s", offset, what);
	return -1;
}

/* One list's sizes, checked: 0, or -1 with the reason in edit. */
static int list_sizes(const uint8_t *list, size_t left, size_t offset, uint32_t *size, uint32_t *header,
		      uint32_t *entry, struct siglist_edit *edit)
{
	if (left < LIST_HEADER_LEN)
		return refuse(edit, offset, "shorter than its 28-byte header");
	*size = le32(list + GUID_LEN);
	*header = le32(list + GUID_LEN + 4);
	*entry = le32(list + GUID_LEN + 8);
	if (*size > left)
		return refuse(edit, offset, "SignatureListSize runs past the end");
	if (*size < LIST_HEADER_LEN)
		return refuse(edit, offset, "SignatureListSize is smaller than the header");
	if (*header > *size - LIST_HEADER_LEN)
		return refuse(edit, offset, "SignatureHeaderSize does not fit in the list");
	if (*entry < GUID_LEN)
		return refuse(edit, offset, "SignatureSize is smaller than the owner GUID");
	if ((*size - LIST_HEADER_LEN - *header) % *entry != 0)
		return refuse(edit, offset, "the entries do not fill the list exactly");
	return 0;
}

int siglist_remove_x509(const uint8_t *in, size_t in_len, const uint8_t *cert, size_t cert_len, uint8_t *out,
			size_t *out_len, struct siglist_edit *edit)
{
	memset(edit, 0, sizeof(*edit));
	size_t at = 0, written = 0;
	while (at < in_len) {
		const uint8_t *list = in + at;
		uint32_t size, header, entry;
		if (list_sizes(list, in_len - at, at, &size, &header, &entry, edit) != 0)
			return -1;
		size_t first = LIST_HEADER_LEN + header, count = (size - first) / entry;
		int x509 = memcmp(list, cert_x509_guid, GUID_LEN) == 0;
		size_t list_out = written; /* the copy's header first; its size is fixed once the entries are known */
		memcpy(out + written, list, first);
		written += first;
		size_t kept = 0;
		for (size_t i = 0; i < count; i++) {
			const uint8_t *e = list + first + i * entry;
			if (x509 && entry - GUID_LEN == cert_len && memcmp(e + GUID_LEN, cert, cert_len) == 0) {
				edit->removed++;
				continue;
			}
			memcpy(out + written, e, entry);
			written += entry;
			kept++;
		}
		if (kept == 0 && count > 0)
			written = list_out; /* a list the certificate alone filled goes with it */
		else
			put_le32(out + list_out + GUID_LEN, (uint32_t)(first + kept * entry));
		edit->lists++;
		edit->entries += (unsigned)count;
		at += size;
	}
	*out_len = written;
	return 0;
}
