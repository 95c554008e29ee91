/* transport.c - helpers shared by every TPM transport. */
#include "transport.h"
#include "tpm_connection.h"
#include <stdarg.h>
#include <stdio.h>

const char *transport_status_name(enum transport_status s)
{
	switch (s) {
	case TRANSPORT_OK: return "ok";
	case TRANSPORT_NO_DEVICE: return "no device";
	case TRANSPORT_TIMEOUT: return "timeout";
	case TRANSPORT_TPM12: return "TPM 1.2";
	case TRANSPORT_BAD_RESPONSE: return "bad response";
	case TRANSPORT_IO_ERROR: return "I/O error";
	}
	return "unknown";
}

void transport_code_set(char *code, const char *value)
{
	snprintf(code, TRANSPORT_CODE_MAX, "%s", value);
}

enum transport_status transport_fail(struct tpm_transport *t, enum transport_status s, const char *code,
				     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->error, sizeof(t->error), fmt, ap);
	va_end(ap);
	transport_code_set(t->code, code);
	return s;
}

uint32_t tpm_header_size(const uint8_t *header)
{
	return (uint32_t)header[2] << 24 | (uint32_t)header[3] << 16 | (uint32_t)header[4] << 8 | header[5];
}

const char *const transport_choice_names[CHOOSE_COUNT] = { "auto", "crb", "tis", "tcg2" };

const char *transport_choice_name(enum transport_choice t)
{
	return (unsigned)t < CHOOSE_COUNT ? transport_choice_names[t] : "auto";
}
