/*
 * net_conn.h - a TCP connection, with TLS for https, as the HTTP client sees
 * it. Implemented per front end (net_conn_posix.c: sockets + mbed TLS), so the
 * protocol code in http_get.c is shared.
 */
#ifndef PREFLIGHT_NET_CONN_H
#define PREFLIGHT_NET_CONN_H
#include <stddef.h>
#include <stdint.h>
#include "http_client.h"

struct net_conn;

/* Opens a connection to u (TLS when https), within the option's DNS, connect and TLS limits. On failure
 * returns NULL with the phase that failed, a sentence in err and the failure's code in timing->code; timings are
 * filled either way. */
struct net_conn *net_conn_open(const struct url *u, const struct http_options *o, struct http_result *timing,
			       enum http_phase *phase, char *err, size_t err_len);
/* Reads up to len bytes: >0 bytes read, 0 at the end of the stream, -1 error, -2 when deadline (platform_ms) passed,
 * -4 when a TLS stream ended without close_notify (an attacker can end a TCP stream; RFC 8446 6.1). */
long net_conn_read(struct net_conn *c, uint8_t *buf, size_t len, uint64_t deadline);
/* Writes all len bytes: 0, -1 error, -2 deadline. */
int net_conn_write(struct net_conn *c, const uint8_t *buf, size_t len, uint64_t deadline);
void net_conn_close(struct net_conn *c);

#endif
