/* linux_tpm.h - opening the TPM named by --tpm on Linux (device:PATH, swtpm:HOST:PORT, swtpm-unix:PATH). */
#ifndef PREFLIGHT_LINUX_TPM_H
#define PREFLIGHT_LINUX_TPM_H
#include "checks/engine/engine.h"

/*
 * Fills conn from the spec (NULL: /dev/tpmrm0, else /dev/tpm0). Returns 0 when a transport
 * exists or the TPM is plainly absent; -1 when the spec is bad or access is refused (exit 2).
 */
int linux_tpm_open(const char *spec, struct tpm_connection *conn);
void linux_tpm_close(struct tpm_connection *conn);

#endif
