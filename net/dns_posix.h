/*
 * dns_posix.h - name lookups with a deadline for the Linux command.
 * getaddrinfo() waits as long as resolv.conf allows (timeout x attempts for
 * each server, resolv.conf(5)), which no caller can shorten, so the lookup
 * runs in a thread of its own; when the deadline passes the caller goes on
 * and the thread, left to finish, frees what it gets.
 */
#ifndef PREFLIGHT_DNS_POSIX_H
#define PREFLIGHT_DNS_POSIX_H
#include <netdb.h>
#include <stddef.h>
#include "failure_code.h"

/* Resolves host and port (a numeric address at once) for the socket type within timeout_ms. Returns 0 with *out
 * (freeaddrinfo it), -1 when the name cannot be resolved, -2 when no answer came in time; on failure `why` says
 * which in a sentence that starts with "DNS:", and code (FAILURE_CODE_MAX bytes) names the cause. */
int dns_lookup(const char *host, const char *port, int socktype, unsigned timeout_ms, struct addrinfo **out, char *why,
	       size_t why_len, char *code);

#endif
