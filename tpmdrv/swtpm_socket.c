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

/* Records why no connection could be made: refused, timed out, no socket file, or another reason. */
static enum transport_status connect_failed(struct swtpm_transport *s, int err)
{
	const char *code = err == ECONNREFUSED ? "SWTPM-CONNECT-REFUSED"
			   : err == ETIMEDOUT  ? "SWTPM-CONNECT-TIMEOUT"
			   : err == ENOENT     ? "SWTPM-SOCKET-MISSING"
					       : "SWTPM-CONNECT-FAILED";
	return transport_fail(&s->base, TRANSPORT_NO_DEVICE, code, "cannot connect to swtpm at %s: %s", s->base.detail,
			      strerror(err));
}

/* A connected socket, or -1 with the failure recorded. */
static int open_connection(struct swtpm_transport *s)
{
	if (s->unix_path[0]) {
		struct sockaddr_un sun = { .sun_family = AF_UNIX };
		snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", s->unix_path);
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd >= 0 && connect_bounded(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0)
			return fd;
		int err = errno;
		if (fd >= 0)
			close(fd);
		connect_failed(s, err);
		return -1;
	}
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *list = NULL;
	int gai = getaddrinfo(s->host, s->port, &hints, &list);
	if (gai != 0) {
		transport_fail(&s->base, TRANSPORT_NO_DEVICE, "SWTPM-HOST-UNKNOWN", "cannot connect to swtpm at %s: the "
			       "host name does not resolve (%s)", s->base.detail, gai_strerror(gai));
		return -1;
	}
	int fd = -1, err = 0;
	for (struct addrinfo *a = list; a && fd < 0; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
		if (fd >= 0 && connect_bounded(fd, a->ai_addr, a->ai_addrlen) != 0) {
			err = errno;
			close(fd);
			fd = -1;
		} else if (fd < 0) {
			err = errno;
		}
	}
	freeaddrinfo(list);
	if (fd < 0)
		connect_failed(s, err);
	return fd;
}

/* The socket ended before a whole answer: the time limit passed, or swtpm closed or reset the connection. */
static enum transport_status no_answer(struct swtpm_transport *s, const char *what)
{
	int err = errno;
	if (err == ETIMEDOUT)
		return transport_fail(&s->base, TRANSPORT_TIMEOUT, "SWTPM-TIMEOUT", "swtpm at %s did not %s within 120 s",
				      s->base.detail, what);
	return transport_fail(&s->base, TRANSPORT_IO_ERROR, "SWTPM-CONNECTION-CLOSED", "the connection to swtpm at %s "
			      "ended before it could %s%s%s", s->base.detail, what, err ? ": " : "", err ? strerror(err) : "");
}

static enum transport_status swtpm_exchange(struct tpm_transport *t, const uint8_t *cmd, size_t cmd_len,
					    uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
	struct swtpm_transport *s = (struct swtpm_transport *)t;
	int fd = open_connection(s);
	if (fd < 0)
		return TRANSPORT_NO_DEVICE;
	enum transport_status st = TRANSPORT_OK;
	uint32_t len = 0;
	errno = 0; /* an end of file leaves errno alone: 0 then says the peer closed */
	if (posix_write_all(fd, cmd, cmd_len, SWTPM_IO_TIMEOUT_MS) != 0)
		st = no_answer(s, "take the command");
	else if (posix_read_all(fd, rsp, TPM_HEADER_SIZE, SWTPM_IO_TIMEOUT_MS) != 0)
		st = no_answer(s, "answer the command");
	else if ((len = tpm_header_size(rsp)) < TPM_HEADER_SIZE || len > rsp_cap)
		st = transport_fail(t, TRANSPORT_BAD_RESPONSE, "SWTPM-RSP-SIZE-INVALID", "swtpm announced a %u-byte "
				    "response (at most %u fit)", (unsigned)len, (unsigned)rsp_cap);
	else if (posix_read_all(fd, rsp + TPM_HEADER_SIZE, len - TPM_HEADER_SIZE, SWTPM_IO_TIMEOUT_MS) != 0)
		st = errno == ETIMEDOUT ? no_answer(s, "send the whole response")
					: transport_fail(t, TRANSPORT_BAD_RESPONSE, "SWTPM-RSP-TRUNCATED", "swtpm at %s sent "
							 "a truncated response", t->detail);
	else
		*rsp_len = len;
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
		transport_fail(&s->base, TRANSPORT_NO_DEVICE, "SWTPM-BAD-ADDRESS", "\"%s\" is not HOST:PORT", host_port);
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
		transport_fail(&s->base, TRANSPORT_NO_DEVICE, "SWTPM-BAD-PATH", "the socket path is empty or longer than %zu "
			       "bytes", sizeof(s->unix_path) - 1);
		return -1;
	}
	snprintf(s->unix_path, sizeof(s->unix_path), "%s", path);
	snprintf(s->base.detail, sizeof(s->base.detail), "unix %s", path);
	return 0;
}
