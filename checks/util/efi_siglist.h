/*
 * efi_siglist.h - the EFI_SIGNATURE_LIST format of db, dbx and shim's MokList
 * (UEFI 2.10 32.4.1): a sequence of lists, each a type GUID, three sizes, a
 * header and equal-sized entries (an owner GUID, then the data - for
 * EFI_CERT_X509_GUID lists, one DER certificate).
 *
 * siglist_remove_x509 copies a variable's value without the X.509 entries equal
 * to one certificate: the shim stick's mok_cleanup takes its own MOK out of
 * MokList and keeps every other entry as it was.
 */
#ifndef PREFLIGHT_EFI_SIGLIST_H
#define PREFLIGHT_EFI_SIGLIST_H
#include <stddef.h>
#include <stdint.h>

struct siglist_edit {
	unsigned lists;    /* signature lists in the input */
	unsigned entries;  /* entries in them, of every type */
	unsigned removed;  /* X.509 entries equal to the certificate, left out */
	char error[96];    /* why the input was refused (then nothing is written) */
};

/*
 * Reads in[0..in_len) as signature lists and writes them to out (room for in_len bytes) without the X.509
 * entries whose certificate equals cert[0..cert_len); a list left empty is dropped. *out_len is the new length
 * (0: nothing left). Returns 0, or -1 when the input is not well-formed (edit->error says where; out is then
 * unspecified and must not be used).
 */
int siglist_remove_x509(const uint8_t *in, size_t in_len, const uint8_t *cert, size_t cert_len, uint8_t *out,
			size_t *out_len, struct siglist_edit *edit);

#endif
