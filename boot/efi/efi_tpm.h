/*
 * efi_tpm.h - the TPM of a UEFI run, opened before the network: besides the
 * engine's connection it is the random source of last resort (TPM2_GetRandom)
 * for a machine whose firmware has no EFI_RNG_PROTOCOL and whose CPU has no
 * RDRAND, and lwIP, mbed TLS and the upload after the run need one.
 */
#ifndef PREFLIGHT_EFI_TPM_H
#define PREFLIGHT_EFI_TPM_H
#include "tpmdrv/tpm_connection.h"

/* Closes the previous run's TPM, detects it again as chosen and registers its generator with platform_random. */
struct tpm_connection *efi_tpm_open(enum transport_choice choice);
/* Unregisters the generator and closes the transport; before the application ends. */
void efi_tpm_close(void);

#endif
