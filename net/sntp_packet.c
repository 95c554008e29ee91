/* sntp_packet.c - see sntp_packet.h. */
#include "sntp_packet.h"
#include <stdio.h>
#include <string.h>

/* RFC 5905 6: NTP seconds count from 1900; Unix time from 1970. */
#define NTP_UNIX_OFFSET 2208988800LL

static uint64_t be64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

void sntp_request(uint8_t out[SNTP_PACKET_LEN], uint64_t cookie)
{
	memset(out, 0, SNTP_PACKET_LEN);
	out[0] = 0 << 6 | 4 << 3 | 3; /* LI 0, VN 4, mode 3 (client) */
	for (int i = 0; i < 8; i++)   /* RFC 4330 5: the server copies the transmit timestamp into originate */
		out[40 + i] = (uint8_t)(cookie >> (56 - 8 * i));
}

static void printable(const uint8_t *p, char *out)
{
	int n = 0;
	for (int i = 0; i < 4 && p[i]; i++)
		out[n++] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?';
	out[n] = 0;
}

int sntp_answer_parse(const uint8_t *p, size_t len, uint64_t cookie, struct sntp_answer *a, char *why, size_t why_len,
		      char *code)
{
	memset(a, 0, sizeof(*a));
	if (len < SNTP_PACKET_LEN) {
		snprintf(why, why_len, "the answer is %zu bytes, less than an NTP packet", len);
		failure_code_set(code, "NTP-BAD-ANSWER");
		return -1;
	}
	int li = p[0] >> 6, vn = p[0] >> 3 & 7, mode = p[0] & 7;
	a->stratum = p[1];
	if (mode != 4 || vn < 3 || vn > 4) {
		snprintf(why, why_len, "not a server answer (version %d, mode %d)", vn, mode);
		failure_code_set(code, "NTP-BAD-ANSWER");
		return -1;
	}
	if (be64(p + 24) != cookie) { /* RFC 4330 5: an answer to someone else's request, or forged */
		snprintf(why, why_len, "the answer does not match the request (originate timestamp)");
		failure_code_set(code, "NTP-BAD-ANSWER");
		return -1;
	}
	if (a->stratum == 0) { /* RFC 4330 8: kiss-o'-death, the code in the reference id */
		char kiss[8];
		printable(p + 12, kiss);
		snprintf(why, why_len, "the server refused (kiss code %s)", kiss);
		failure_code_set(code, "NTP-KISS-OF-DEATH");
		return -2;
	}
	uint64_t t = be64(p + 40);
	if (li == 3 || a->stratum > 15 || t == 0) {
		snprintf(why, why_len, "the server is not synchronised");
		failure_code_set(code, "NTP-UNSYNCHRONISED");
		return -2;
	}
	long long seconds = (long long)(t >> 32);
	if (!(seconds & 0x80000000LL)) /* RFC 4330 3: MSB clear means era 1, from 2036-02-07 */
		seconds += 0x100000000LL;
	a->unix_seconds = seconds - NTP_UNIX_OFFSET;
	a->millis = (unsigned)(((t & 0xffffffffu) * 1000) >> 32);
	if (a->stratum == 1)
		printable(p + 12, a->reference);
	return 0;
}
