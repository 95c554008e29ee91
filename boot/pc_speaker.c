/* pc_speaker.c - see pc_speaker.h. */
#include "boot/pc_speaker.h"

uint16_t pc_speaker_divisor(unsigned hz)
{
	unsigned d = hz ? PIT_HZ / hz : 0xFFFF;
	return (uint16_t)(d < 1 ? 1 : d > 0xFFFF ? 0xFFFF : d);
}

static uint32_t bounded_us(unsigned ms)
{
	return (ms > TONE_MS_MAX ? TONE_MS_MAX : ms) * 1000u;
}

void pc_speaker_tone(const struct port_io *io, const struct beep_tone *tone)
{
	uint16_t divisor = pc_speaker_divisor(tone->hz);
	io->out8(PIT_CONTROL, PIT_CH2_SQUARE);
	io->out8(PIT_CHANNEL2, (uint8_t)(divisor & 0xFF));
	io->out8(PIT_CHANNEL2, (uint8_t)(divisor >> 8));
	/* read-modify-write: the port's other bits (parity and channel checks, refresh) are not ours */
	io->out8(SPEAKER_PORT, (uint8_t)(io->in8(SPEAKER_PORT) | 0x03));
	io->stall_us(bounded_us(tone->on_ms));
	io->out8(SPEAKER_PORT, (uint8_t)(io->in8(SPEAKER_PORT) & 0xFC));
	io->stall_us(bounded_us(tone->off_ms));
}
