/*
 * pc_speaker.h - tones on the PC speaker: the Intel 8254 programmable interval timer's channel 2 drives the speaker,
 * gated through the system control port 0x61 (IBM PC/AT Technical Reference, "System Timers" and "Speaker"; Intel
 * 8254 datasheet, 290128, control word format; OSDev wiki "PC Speaker"). The ports are reached through a struct
 * port_io, so the UEFI application hands in the real instructions (boot/efi/efi_port_io.c, x86 only) and the unit
 * tests a recorder.
 */
#ifndef PREFLIGHT_PC_SPEAKER_H
#define PREFLIGHT_PC_SPEAKER_H
#include <stdint.h>
#include "checks/report/beep_pattern.h"

struct port_io {
	uint8_t (*in8)(uint16_t port);
	void (*out8)(uint16_t port, uint8_t value);
	void (*stall_us)(uint32_t microseconds);
};

enum {
	PIT_HZ = 1193182,      /* the 8254's input clock on the PC: 14.31818 MHz / 12 */
	PIT_CHANNEL2 = 0x42,   /* channel 2's counter */
	PIT_CONTROL = 0x43,    /* the mode/command register */
	PIT_CH2_SQUARE = 0xB6, /* channel 2 (10), low then high byte (11), mode 3 square wave (011), binary (0) */
	SPEAKER_PORT = 0x61,   /* bit 0: channel 2's gate; bit 1: speaker data enable */
	TONE_MS_MAX = 1000     /* no tone or pause longer than this, whatever the table says */
};

/* The counter value for a pitch (1 - 65535; 0 Hz is the lowest the counter holds). */
uint16_t pc_speaker_divisor(unsigned hz);
/* One tone: the counter programmed, the speaker gated on for on_ms, off again, then off_ms of silence. */
void pc_speaker_tone(const struct port_io *io, const struct beep_tone *tone);

#endif
