/*
 * sntp_packet.h - the SNTP client's request and the check of the server's
 * answer (RFC 4330; NTP packet format RFC 5905 7.3). The answer is outside
 * data: every field that decides is checked.
 */
#ifndef PREFLIGHT_SNTP_PACKET_H
#define PREFLIGHT_SNTP_PACKET_H
#include <stddef.h>
#include <stdint.h>
#include "failure_code.h"

enum { SNTP_PACKET_LEN = 48, SNTP_PORT = 123 };

struct sntp_answer {
	long long unix_seconds; /* the server's transmit time */
	unsigned millis;        /* and its fraction */
	int stratum;
	char reference[8];      /* the reference id as text for stratum 1 (e.g. "GPS"), else "" */
};

/* A client request (version 4, mode 3) whose transmit timestamp is `cookie`: the answer must echo it. */
void sntp_request(uint8_t out[SNTP_PACKET_LEN], uint64_t cookie);
/* Checks an answer to the request carrying `cookie`; returns 0, or with a reason and its failure code
 * (FAILURE_CODE_MAX bytes): -1 for a packet that is not a valid answer to this request (another may still come),
 * -2 for the server's own refusal (a kiss-o'-death, which names its kiss code, or not synchronised). */
int sntp_answer_parse(const uint8_t *p, size_t len, uint64_t cookie, struct sntp_answer *a, char *why, size_t why_len,
		      char *code);

#endif
