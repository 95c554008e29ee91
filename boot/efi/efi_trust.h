/* efi_trust.h - TrustedTpm.cab on the stick for a run, refreshed from Microsoft when online. */
#ifndef PREFLIGHT_EFI_TRUST_H
#define PREFLIGHT_EFI_TRUST_H
#include "checks/config/config.h"
#include "checks/engine/engine.h"
#include "checks/trust/trust_store.h"

/* Opens the newest cab on the stick into store (opts->store, store_name, store_problem); when the engine has a
 * network and refresh_cab is on, asks Microsoft for a newer one and saves it beside (opts->store_refresh). */
void efi_trust_load(const struct config *c, struct engine_options *opts, struct trust_store *store);

#endif
