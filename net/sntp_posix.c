/* sntp_posix.c - sntp_client.h over a UDP socket; every wait bounded (poll(), dns_posix.h), the lookup included. */
#include "sntp_client.h"
#include "dns_posix.h"
#include "boot/platform.h"
#include <netdb.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* HOST or HOST:PORT (a bracketed IPv6 literal keeps its colons). */
static void split_server(const char *server, char *host, size_t cap, char *port)
{
	const char *colon = strrchr(server, ':');
	bool has_port = colon && !strchr(colon, ']') && strchr(server, ':') == colon;
	snprintf(host, cap, "%.*s", has_port ? (int)(colon - server) : (int)strlen(server), server);
	snprintf(port, 8, "%s", has_port ? colon + 1 : "123");
}

/* Waits for a valid answer: packets that are not one (wrong cookie, not a server) are passed over until the
 * deadline; the server's own refusal ends the wait. */
static int wait_answer(int fd, uint64_t cookie, uint64_t deadline, struct sntp_result *r)
{
	uint8_t packet[512];
	char why[160] = "no answer", code[FAILURE_CODE_MAX] = "NTP-TIMEOUT";
	for (;;) {
		uint64_t now = platform_ms();
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (now >= deadline || poll(&p, 1, (int)(deadline - now)) <= 0) {
			snprintf(r->error, sizeof(r->error), "NTP: %s: %s in time", r->server, why);
			failure_code_set(r->code, code);
			return -1;
		}
		ssize_t n = recv(fd, packet, sizeof(packet), 0);
		if (n < 0) { /* an ICMP port or host unreachable, reported on the connected socket */
			snprintf(r->error, sizeof(r->error), "NTP: %s: the port is closed or unreachable", r->server);
			failure_code_set(r->code, "NTP-UNREACHABLE");
			return -1;
		}
		int a = sntp_answer_parse(packet, (size_t)n, cookie, &r->answer, why, sizeof(why), code);
		if (a == 0)
			return 0;
		if (a == -2) {
			snprintf(r->error, sizeof(r->error), "NTP: %s: %s", r->server, why);
			failure_code_set(r->code, code);
			return -1;
		}
	}
}

int sntp_query(const char *server, unsigned timeout_ms, struct sntp_result *r)
{
	char host[256], port[8], why[200];
	struct addrinfo *list = NULL;
	uint64_t cookie = 0, deadline = platform_ms() + timeout_ms;
	memset(r, 0, sizeof(*r));
	snprintf(r->server, sizeof(r->server), "%s", server);
	split_server(server, host, sizeof(host), port);
	if (dns_lookup(host, port, SOCK_DGRAM, timeout_ms, &list, why, sizeof(why), r->code) != 0) { /* same limit */
		snprintf(r->error, sizeof(r->error), "NTP: %s", why);
		return -1;
	}
	int fd = socket(list->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int rc = -1;
	uint64_t start = platform_ms();
	uint8_t request[SNTP_PACKET_LEN];
	bool random = platform_random(&cookie, sizeof(cookie)) == 0;
	sntp_request(request, cookie);
	if (!random) { /* a guessable cookie would let anyone on the path forge the answer */
		snprintf(r->error, sizeof(r->error), "NTP: %s: no random source for the request's cookie; not asked", server);
		failure_code_set(r->code, "NTP-RANDOM-FAILED");
	} else if (fd >= 0 && connect(fd, list->ai_addr, list->ai_addrlen) == 0 &&
		   send(fd, request, sizeof(request), 0) == sizeof(request)) {
		rc = wait_answer(fd, cookie, deadline, r);
	} else {
		snprintf(r->error, sizeof(r->error), "NTP: %s: the request could not be sent", server);
		failure_code_set(r->code, "NTP-SEND-FAILED");
	}
	r->round_trip_ms = (unsigned)(platform_ms() - start);
	if (fd >= 0)
		close(fd);
	freeaddrinfo(list);
	return rc;
}
