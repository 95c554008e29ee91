/* efi_beep.h - the audible verdict in the UEFI application (beep = on): a BEL per tone on the console, which the
 * firmware mirrors to the serial port, and the tones on the PC speaker where the machine has one (x86). */
#ifndef PREFLIGHT_EFI_BEEP_H
#define PREFLIGHT_EFI_BEEP_H
#include "boot/pc_speaker.h"

/* The x86 port instructions, or NULL on a machine without I/O ports. */
const struct port_io *efi_port_io(void);
/* What the report will say: BEEP_SENT where the PC speaker can be driven, else BEEP_NOT_AVAILABLE. */
enum beep_state efi_beep_available(void);
/* Plays the report's verdict (nothing when r->beep is BEEP_OFF); at most BEEP_TOTAL_MS_MAX. */
void efi_beep(const struct report *r);

#endif
