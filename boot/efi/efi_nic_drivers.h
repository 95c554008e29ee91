/*
 * efi_nic_drivers.h - UEFI NIC drivers from the stick: a unit whose firmware
 * has no driver for its NIC (a USB-C dongle, a dock, the network stack off in
 * setup) gets one from \preflight\drivers before the network comes up.
 */
#ifndef PREFLIGHT_EFI_NIC_DRIVERS_H
#define PREFLIGHT_EFI_NIC_DRIVERS_H
#include "net/network_facts.h"

#define NIC_DRIVERS_DIR "\\preflight\\drivers"

/*
 * Loads and starts every UEFI driver for this machine's architecture found in NIC_DRIVERS_DIR and in the folders
 * directly inside it (x64\, aa64\ ...), refusing the others with the reason, then connects every controller so
 * the drivers bind to their NICs; prints a line for each and fills f (f->files == 0: there were none). A driver
 * whose entry point never returns cannot be stopped: StartImage runs it on our only thread (docs/network.md).
 */
void efi_nic_drivers_load(struct nic_driver_facts *f);

#endif
