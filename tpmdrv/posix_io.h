/* posix_io.h - whole-buffer reads and writes on a file descriptor, each wait bounded by poll(). */
#ifndef PREFLIGHT_POSIX_IO_H
#define PREFLIGHT_POSIX_IO_H
#include <stddef.h>
/* Returns 0 when all len bytes moved; -1 on error, end of file or when timeout_ms passes with no progress. */
int posix_write_all(int fd, const void *data, size_t len, int timeout_ms);
int posix_read_all(int fd, void *data, size_t len, int timeout_ms);
/* Waits until fd is ready for events (POLLIN/POLLOUT); 0, or -1 with errno ETIMEDOUT after timeout_ms. */
int posix_wait_ready(int fd, short events, int timeout_ms);
#endif
