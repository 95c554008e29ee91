/*
 * sntp_client.h - asks an NTP server for the time (RFC 4330) over UDP, within
 * a time limit; one implementation per front end (sockets, lwIP).
 */
#ifndef PREFLIGHT_SNTP_CLIENT_H
#define PREFLIGHT_SNTP_CLIENT_H
#include "sntp_packet.h"

struct sntp_result {
	struct sntp_answer answer;
	char server[256];
	unsigned round_trip_ms;
	char error[200];        /* when it failed: which step and why */
	char code[FAILURE_CODE_MAX]; /* and the failure's code (failure_code.h) */
};

/* server is HOST or HOST:PORT (port 123 by default). Returns 0, or -1 with result->error and result->code. */
int sntp_query(const char *server, unsigned timeout_ms, struct sntp_result *result);

#endif
