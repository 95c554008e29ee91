/* posix_io.c - loops of write()/read() that survive EINTR and short transfers but never wait forever. */
#include "posix_io.h"
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <unistd.h>

/* A peer that closed its socket must give EPIPE, not a SIGPIPE that ends the program (send(2), MSG_NOSIGNAL);
 * a device is written with write(2). */
static ssize_t put(int fd, const uint8_t *p, size_t len)
{
	ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
	return n < 0 && errno == ENOTSOCK ? write(fd, p, len) : n;
}

int posix_wait_ready(int fd, short events, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	int r;
	do
		r = poll(&p, 1, timeout_ms);
	while (r < 0 && errno == EINTR);
	if (r == 0)
		errno = ETIMEDOUT;
	return r > 0 ? 0 : -1;
}

static int transfer(int fd, uint8_t *p, size_t len, bool writing, int timeout_ms)
{
	while (len) {
		if (posix_wait_ready(fd, writing ? POLLOUT : POLLIN, timeout_ms) != 0)
			return -1;
		ssize_t n = writing ? put(fd, p, len) : read(fd, p, len);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int posix_write_all(int fd, const void *data, size_t len, int timeout_ms)
{
	return transfer(fd, (uint8_t *)(uintptr_t)data, len, true, timeout_ms);
}

int posix_read_all(int fd, void *data, size_t len, int timeout_ms)
{
	return transfer(fd, data, len, false, timeout_ms);
}
