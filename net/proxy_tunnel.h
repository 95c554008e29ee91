/*
 * proxy_tunnel.h - the CONNECT exchange with an HTTP proxy (RFC 9110 9.3.6),
 * independent of how bytes move: the request to send, and the judgement of
 * the answer as it arrives. Only a 2xx answer opens the tunnel; nothing after
 * the answer's head may be consumed, TLS follows.
 */
#ifndef PREFLIGHT_PROXY_TUNNEL_H
#define PREFLIGHT_PROXY_TUNNEL_H
#include "http_client.h"

/* Formats the CONNECT request for u into buf; returns its length, or -1 when it does not fit. */
int proxy_tunnel_request(const struct url *u, const struct http_options *o, char *buf, size_t cap);
/* Judges the answer's first `have` bytes: 0 the tunnel is open (the head ended exactly at `have`), 1 more bytes
 * needed, -1 refused or malformed with a sentence in err and its code (FAILURE_CODE_MAX bytes). */
int proxy_tunnel_answer(const char *head, size_t have, const struct url *u, const struct http_options *o, char *err,
			size_t err_len, char *code);

#endif
