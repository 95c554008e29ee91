/*
 * failure_code.h - the stable code each network failure carries beside its
 * sentence, <LAYER>-<WHAT> in capitals (NET, DNS, TCP, PROXY, TLS, HTTP,
 * NTP, URL, AIA), in the manner of iPXE's error codes: the sentence may be
 * reworded, the code stays, so failures can be counted by cause across a
 * factory. One code names one cause. Every code is listed with its meaning
 * and what to do in docs/network.md, "Failure codes".
 */
#ifndef PREFLIGHT_FAILURE_CODE_H
#define PREFLIGHT_FAILURE_CODE_H
#include <stddef.h>

enum { FAILURE_CODE_MAX = 32 };

/* Records a code (a string literal) into a FAILURE_CODE_MAX buffer; "" means no failure. */
static inline void failure_code_set(char *code, const char *value)
{
	size_t i = 0;
	for (; value[i] && i + 1 < FAILURE_CODE_MAX; i++)
		code[i] = value[i];
	code[i] = 0;
}

#endif
