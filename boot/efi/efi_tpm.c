/* efi_tpm.c - see efi_tpm.h. */
#include "efi_tpm.h"
#include "boot/platform.h"
#include "checks/tpm/tpm_random.h"
#include "tpmdrv/efi_detect.h"
#include <string.h>

static struct tpm_connection conn;
static struct tpm_random_source generator;

struct tpm_connection *efi_tpm_open(enum transport_choice choice)
{
	efi_tpm_close();
	efi_detect_tpm(choice, &conn);
	/* platform_random asks it only when the machine has no source of its own, so a run with EFI_RNG_PROTOCOL or
	 * RDRAND sends no TPM2_GetRandom */
	if (conn.transport && tpm_random_source_open(&generator, conn.transport) == 0)
		platform_random_fallback(tpm_random_source_fill, &generator, "TPM2_GetRandom");
	return &conn;
}

void efi_tpm_close(void)
{
	platform_random_fallback(NULL, NULL, NULL);
	tpm_random_source_close(&generator);
	if (conn.transport && conn.transport->close)
		conn.transport->close(conn.transport);
	memset(&conn, 0, sizeof(conn));
}
