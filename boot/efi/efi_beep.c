/* efi_beep.c - see efi_beep.h. */
#include "efi_beep.h"
#include "efi_globals.h"

/* UEFI 2.10, 12.8 EFI_SERIAL_IO_PROTOCOL, up to Write (the rest is not used here). The BEL goes to the serial ports
 * themselves: the console's terminal driver prints a control character other than BS, LF, CR and TAB as '?'. */
typedef struct EFI_SERIAL_IO_PROTOCOL EFI_SERIAL_IO_PROTOCOL;
struct EFI_SERIAL_IO_PROTOCOL {
	uint32_t Revision;
	void *Reset, *SetAttributes, *SetControl, *GetControl;
	EFI_STATUS(EFIAPI *Write)(EFI_SERIAL_IO_PROTOCOL *, UINTN *, void *);
};

static void serial_bel(void)
{
	static const EFI_GUID serial_guid = { 0xBB25CF6F, 0xF1D4, 0x11D2, { 0x9A, 0x0C, 0x00, 0x90, 0x27, 0x3F, 0xC1, 0xFD } };
	EFI_HANDLE *handles = NULL;
	UINTN count = 0;
	if (EFI_ERROR(efi_boot->LocateHandleBuffer(ByProtocol, &serial_guid, NULL, &count, &handles)))
		return;
	for (UINTN i = 0; i < count && i < 8; i++) {
		EFI_SERIAL_IO_PROTOCOL *port;
		char bel = '\a';
		UINTN one = 1;
		if (!EFI_ERROR(efi_boot->HandleProtocol(handles[i], &serial_guid, (void **)&port)))
			port->Write(port, &one, &bel);
	}
	efi_boot->FreePool(handles);
}

enum beep_state efi_beep_available(void)
{
	return efi_port_io() ? BEEP_SENT : BEEP_NOT_AVAILABLE;
}

void efi_beep(const struct report *r)
{
	struct beep_tone tones[BEEP_TONES_MAX];
	if (r->beep == BEEP_OFF)
		return;
	const struct port_io *io = efi_port_io();
	for (int i = 0, n = beep_pattern(report_verdict(r), tones); i < n; i++) {
		serial_bel(); /* a terminal at the line rings it; the tones' rhythm follows */
		if (io)
			pc_speaker_tone(io, &tones[i]);
		else
			efi_boot->Stall((tones[i].on_ms + tones[i].off_ms) * 1000u);
	}
}
