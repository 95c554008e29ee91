/* linux_platform.c - clock and randomness for the Linux command (clock_gettime, getrandom; boot/platform_random.c
 * falls back on the TPM if getrandom fails). */
#include "boot/platform.h"
#include <sys/random.h>
#include <time.h>

uint64_t platform_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void platform_sleep_ms(uint32_t ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0)
		;
}

int platform_hardware_random(void *buf, size_t len, const char **name)
{
	unsigned char *p = buf;
	while (len) {
		ssize_t n = getrandom(p, len, 0);
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	*name = "getrandom";
	return 0;
}
