/*
 * efi_detect.h - find the TPM in firmware and open the transport to use:
 * by default EFI_TCG2_PROTOCOL when present, else the direct interface the
 * ACPI TPM2 table names; `transport = crb|tis|tcg2` forces one.
 */
#ifndef PREFLIGHT_EFI_DETECT_H
#define PREFLIGHT_EFI_DETECT_H
#include "tpm_connection.h"

/* Fills conn; conn->transport is NULL when no usable transport exists (conn->problem says why). */
void efi_detect_tpm(enum transport_choice choice, struct tpm_connection *conn);

#endif
