/*
 * efi_mok.c - mok_cleanup (docs/secure-boot.md): shim trusts the certificates
 * in its MokList variable (GUID 605dab50-e046-4300-abb6-3dd810dd8b23, NV and
 * boot-services access: this application, started by shim before
 * ExitBootServices, may write it). A site that does not want its MOK to stay on
 * the PCs it tested removes it here; the next boot of the stick then needs the
 * enrolment again. Only entries equal to the certificate on the stick go.
 */
#include "efi_mok.h"

#include <stdlib.h>
#include <string.h>
#include "efi_files.h"
#include "efi_globals.h"
#include "checks/util/efi_siglist.h"

enum { MOK_CERT_MAX = 16 * 1024, MOKLIST_MAX = 1024 * 1024 };

static const EFI_GUID shim_lock_guid = { 0x605dab50, 0xe046, 0x4300, { 0xab, 0xb6, 0x3d, 0xd8, 0x10, 0xdd, 0x8b, 0x23 } };

/* MokList's value and attributes (UEFI 2.10 8.2 GetVariable: a size query, then the read); NULL when absent. */
static uint8_t *read_moklist(UINTN *size, uint32_t *attributes, EFI_STATUS *status)
{
	*size = 0;
	*status = efi_runtime->GetVariable(u"MokList", &shim_lock_guid, attributes, size, NULL);
	if (*status != EFI_BUFFER_TOO_SMALL || *size == 0 || *size > MOKLIST_MAX)
		return NULL;
	uint8_t *data = malloc(*size);
	if (!data)
		return NULL;
	*status = efi_runtime->GetVariable(u"MokList", &shim_lock_guid, attributes, size, data);
	if (EFI_ERROR(*status)) {
		free(data);
		return NULL;
	}
	return data;
}

/* Writes what is left (UEFI 2.10 8.2 SetVariable: size 0 deletes the variable); the attributes stay NV|BS. */
static void write_back(struct report *r, const uint8_t *out, size_t out_len, uint32_t attributes,
		       const struct siglist_edit *edit)
{
	EFI_STATUS s = efi_runtime->SetVariable(u"MokList", &shim_lock_guid, attributes, out_len, out_len ? out : NULL);
	if (EFI_ERROR(s))
		report_note(r, "mok_cleanup: this stick's MOK is still in MokList: SetVariable failed (%s)",
			    efi_status_text(s));
	else
		report_note(r, "mok_cleanup: removed this stick's MOK from MokList (a firmware variable, not the TPM); "
			    "%u other entr%s kept%s; the next boot of the stick asks for the enrolment again",
			    edit->entries - edit->removed, edit->entries - edit->removed == 1 ? "y" : "ies",
			    out_len ? "" : ", MokList deleted");
}

void efi_mok_cleanup(struct report *r)
{
	char *cert = NULL;
	size_t cert_len = 0;
	if (EFI_ERROR(efi_read_file(MOK_CERT_PATH, MOK_CERT_MAX, &cert, &cert_len)) || cert_len == 0) {
		report_note(r, "mok_cleanup: no MOK certificate %s on the stick; MokList left as it is", MOK_CERT_PATH);
		free(cert);
		return;
	}
	UINTN size;
	uint32_t attributes = 0;
	EFI_STATUS status;
	uint8_t *list = read_moklist(&size, &attributes, &status);
	if (!list) {
		if (status == EFI_NOT_FOUND)
			report_note(r, "mok_cleanup: no MokList on this PC; nothing to remove");
		else
			report_note(r, "mok_cleanup: MokList could not be read (%s, %lu bytes); left as it is",
				    efi_status_text(status), (unsigned long)size);
		free(cert);
		return;
	}
	uint8_t *out = malloc(size);
	size_t out_len = 0;
	struct siglist_edit edit;
	if (!out)
		report_note(r, "mok_cleanup: out of memory; MokList left as it is");
	else if (siglist_remove_x509(list, size, (const uint8_t *)cert, cert_len, out, &out_len, &edit) != 0)
		report_note(r, "mok_cleanup: MokList is not a valid signature list (%s); left as it is", edit.error);
	else if (edit.removed == 0)
		report_note(r, "mok_cleanup: this stick's MOK is not in MokList (%u entr%s, left as they are)",
			    edit.entries, edit.entries == 1 ? "y" : "ies");
	else
		write_back(r, out, out_len, attributes, &edit);
	free(out);
	free(list);
	free(cert);
}
