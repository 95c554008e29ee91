/* sntp_posix.c - sntp_client.h over a UDP socket; every wait bounded by poll(). */
#include "sntp_client.h"
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

static int wait_answer(int fd, uint64_t cookie, uint64_t deadline, struct sntp_result *r)
{
	uint8_t packet[512];
	char why[160] = "no answer";
	for (;;) {
		uint64_t now = platform_ms();
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (now >= deadline || poll(&p, 1, (int)(deadline - now)) <= 0) {
			snprintf(r->error, sizeof(r->error), "NTP: %s: %s in time", r->server,
				 strcmp(why, "no answer") == 0 ? "no answer" : why);
			return -1;
		}
		ssize_t n = recv(fd, packet, sizeof(packet), 0);
		if (n < 0) {
			snprintf(r->error, sizeof(r->error), "NTP: %s: the port is closed or unreachable", r->server);
			return -1;
		}
		if (sntp_answer_parse(packet, (size_t)n, cookie, &r->answer, why, sizeof(why)) == 0)
			return 0;
		if (strstr(why, "refused") || strstr(why, "synchronised")) {
			snprintf(r->error, sizeof(r->error), "NTP: %s: %s", r->server, why);
			return -1;
		}
	}
}

int sntp_query(const char *server, unsigned timeout_ms, struct sntp_result *r)
{
	char host[256], port[8];
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM }, *list = NULL;
	memset(r, 0, sizeof(*r));
	snprintf(r->server, sizeof(r->server), "%s", server);
	split_server(server, host, sizeof(host), port);
	if (getaddrinfo(host, port, &hints, &list) != 0 || !list) {
		snprintf(r->error, sizeof(r->error), "NTP: %s cannot be resolved", host);
		return -1;
	}
	int fd = socket(list->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int rc = -1;
	uint64_t cookie = 0, start = platform_ms();
	uint8_t request[SNTP_PACKET_LEN];
	platform_random(&cookie, sizeof(cookie));
	sntp_request(request, cookie);
	if (fd >= 0 && connect(fd, list->ai_addr, list->ai_addrlen) == 0 && send(fd, request, sizeof(request), 0) == sizeof(request))
		rc = wait_answer(fd, cookie, start + timeout_ms, r);
	else
		snprintf(r->error, sizeof(r->error), "NTP: %s: the request could not be sent", server);
	r->round_trip_ms = (unsigned)(platform_ms() - start);
	if (fd >= 0)
		close(fd);
	freeaddrinfo(list);
	return rc;
}
