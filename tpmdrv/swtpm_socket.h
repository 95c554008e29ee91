/*
 * swtpm_socket.h - swtpm's data channel (swtpm socket --server type=tcp or
 * type=unixio): raw TPM commands and responses over a stream socket.
 */
#ifndef PREFLIGHT_SWTPM_SOCKET_H
#define PREFLIGHT_SWTPM_SOCKET_H
#include "transport.h"

struct swtpm_transport {
	struct tpm_transport base;
	char host[128];
	char port[8];
	char unix_path[108];
};

/* Parses "HOST:PORT" (tcp) or a path (unix); connects lazily. Returns -1 with base.error on a bad spec. */
int swtpm_transport_init_tcp(struct swtpm_transport *s, const char *host_port);
int swtpm_transport_init_unix(struct swtpm_transport *s, const char *path);

enum { SWTPM_IO_TIMEOUT_MS = 120000, SWTPM_CONNECT_TIMEOUT_MS = 5000 };

#endif
