/*
 * net_conn_lwip.h - the lwIP connection's step-by-step form: a connection
 * opens in phases (DNS, TCP, proxy tunnel, TLS) that advance without
 * blocking, so many can open at once (the endpoint probe) in one thread.
 */
#ifndef PREFLIGHT_NET_CONN_LWIP_H
#define PREFLIGHT_NET_CONN_LWIP_H
#include "net_conn.h"

/* Starts opening a connection to u; never NULL unless out of memory. */
struct net_conn *net_conn_start(const struct url *u, const struct http_options *o);
/* Advances the opening: 1 still opening, 0 open, -1 failed (see net_conn_outcome). */
int net_conn_step(struct net_conn *c);
/* The phase that failed (HTTP_OK when open), its sentence and the phase timings. */
enum http_phase net_conn_outcome(const struct net_conn *c, struct http_result *timing, char *err, size_t err_len);

#endif
