/* efi_mok.h - mok_cleanup on the shim stick: the tool's own MOK taken out of shim's MokList at the end of a run. */
#ifndef PREFLIGHT_EFI_MOK_H
#define PREFLIGHT_EFI_MOK_H
#include "checks/report/report.h"

/* The MOK certificate (DER) that make image puts on the shim stick, for MokManager's "Enroll key from disk". */
#define MOK_CERT_PATH "\\ENROLL_THIS_KEY_IN_MOKMANAGER.der"

/* Removes the entries equal to MOK_CERT_PATH from MokList (every other entry kept) and notes in the report what
 * was done, or why nothing was. Writes a firmware variable, never the TPM. */
void efi_mok_cleanup(struct report *r);

#endif
