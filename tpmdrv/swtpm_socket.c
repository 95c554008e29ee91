/*
 * swtpm_socket.c - swtpm's TPM data channel: each command is written as is and
 * the response read back, its length taken from the response header (the
 * protocol of swtpm's --server socket and of tpm2-tss's swtpm TCTI). One
 * connection per command keeps no state between commands; every wait is
 * bounded by poll().
 */
#include "swtpm_socket.h"
#include "posix_io.h"
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int connect_bounded(int fd, const struct sockaddr *addr, socklen_t len)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	if (connect(fd, addr, len) == 0)
		return 0;
	if (errno != EINPROGRESS)
		return -1;
	if (posix_wait_ready(fd, POLLOUT, SWTPM_CONNECT_TIMEOUT_MS) != 0)
		return -1;
	int err = 0;
	socklen_t err_len = sizeof(err);
	getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &err_len);
	errno = err;
	return err ? -1 : 0;
}

static int open_connection(struct swtpm_transport *s)
{
	if (s->unix_path[0]) {
		struct sockaddr_un sun = { .sun_family = AF_UNIX };
		snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", s->unix_path);
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd >= 0 && connect_bounded(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0)
			return fd;
		if (fd >= 0)
			close(fd);
		return -1;
	}
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *list = NULL;
	if (getaddrinfo(s->host, s->port, &hints, &list) != 0)
		return -1;
	int fd = -1;
	for (struct addrinfo *a = list; a && fd < 0; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
		if (fd >= 0 && connect_bounded(fd, a->ai_addr, a->ai_addrlen) != 0) {
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(list);
	return fd;
}

static enum transport_status swtpm_exchange(struct tpm_transport *t, const uint8_t *cmd, size_t cmd_len,
					    uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
	struct swtpm_transport *s = (struct swtpm_transport *)t;
	int fd = open_connection(s);
	if (fd < 0) {
		snprintf(t->error, sizeof(t->error), "cannot connect to swtpm at %s: %s", t->detail, strerror(errno));
		return TRANSPORT_NO_DEVICE;
	}
	enum transport_status st = TRANSPORT_OK;
	if (posix_write_all(fd, cmd, cmd_len, SWTPM_IO_TIMEOUT_MS) != 0 || posix_read_all(fd, rsp, TPM_HEADER_SIZE, SWTPM_IO_TIMEOUT_MS) != 0) {
		snprintf(t->error, sizeof(t->error), "swtpm at %s did not answer the command", t->detail);
		st = TRANSPORT_TIMEOUT;
	} else {
		uint32_t len = tpm_header_size(rsp);
		if (len < TPM_HEADER_SIZE || len > rsp_cap) {
			snprintf(t->error, sizeof(t->error), "swtpm announced a %u-byte response", (unsigned)len);
			st = TRANSPORT_BAD_RESPONSE;
		} else if (posix_read_all(fd, rsp + TPM_HEADER_SIZE, len - TPM_HEADER_SIZE, SWTPM_IO_TIMEOUT_MS) != 0) {
			snprintf(t->error, sizeof(t->error), "swtpm at %s sent a truncated response", t->detail);
			st = TRANSPORT_BAD_RESPONSE;
		} else {
			*rsp_len = len;
		}
	}
	close(fd);
	return st;
}

static void swtpm_close(struct tpm_transport *t)
{
	(void)t;
}

static void init_common(struct swtpm_transport *s)
{
	memset(s, 0, sizeof(*s));
	s->base.name = "swtpm";
	s->base.exchange = swtpm_exchange;
	s->base.close = swtpm_close;
}

int swtpm_transport_init_tcp(struct swtpm_transport *s, const char *host_port)
{
	init_common(s);
	const char *colon = strrchr(host_port, ':');
	size_t host_len = colon ? (size_t)(colon - host_port) : 0;
	if (!colon || host_len == 0 || host_len >= sizeof(s->host) || strlen(colon + 1) == 0 ||
	    strlen(colon + 1) >= sizeof(s->port) || strspn(colon + 1, "0123456789") != strlen(colon + 1)) {
		snprintf(s->base.error, sizeof(s->base.error), "\"%s\" is not HOST:PORT", host_port);
		return -1;
	}
	if (host_len > 2 && host_port[0] == '[' && host_port[host_len - 1] == ']') { /* [IPv6]:port */
		host_port++;
		host_len -= 2;
	}
	memcpy(s->host, host_port, host_len);
	snprintf(s->port, sizeof(s->port), "%s", colon + 1);
	snprintf(s->base.detail, sizeof(s->base.detail), "tcp %s:%s", s->host, s->port);
	return 0;
}

int swtpm_transport_init_unix(struct swtpm_transport *s, const char *path)
{
	init_common(s);
	if (!*path || strlen(path) >= sizeof(s->unix_path)) {
		snprintf(s->base.error, sizeof(s->base.error), "the socket path is empty or too long");
		return -1;
	}
	snprintf(s->unix_path, sizeof(s->unix_path), "%s", path);
	snprintf(s->base.detail, sizeof(s->base.detail), "unix %s", path);
	return 0;
}
