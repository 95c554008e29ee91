/* efi_network.h - the online side of a UEFI run: the network brought up once, as configured, and the engine's
 * HTTP(S) client over it. */
#ifndef PREFLIGHT_EFI_NETWORK_H
#define PREFLIGHT_EFI_NETWORK_H
#include "checks/config/config.h"
#include "checks/engine/engine.h"

/* Brings the network up on the first call (later calls reuse it) and fills the engine's online options:
 * fetch, probe, trust anchors, proxy - or the reason there is no network. */
void efi_network_prepare(const struct config *c, struct engine_options *o);
/* Sends the JSON report to the configured collector (upload_url), with retries; says how it went on screen and
 * serial. Nothing when no collector is configured. */
/* Sends the report when upload_url is set: 0 when sent or not asked, -1 with why. */
int efi_network_upload(const struct config *c, const char *json, size_t len, char *why, size_t why_len);
/* Gives the NIC back to the firmware; before the application ends. */
void efi_network_stop(void);

#endif
