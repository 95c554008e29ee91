/* tpm_responses.h - TPM response bytes for tests, marshalled with tss2-mu (TPM 2.0 Part 3, GetCapability). */
#ifndef PREFLIGHT_TPM_RESPONSES_H
#define PREFLIGHT_TPM_RESPONSES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct property { uint32_t id, value; };

/* A successful GetCapability(TPM_PROPERTIES) response; returns its length. */
size_t response_properties(uint8_t *buf, size_t cap, const struct property *props, int count, bool more);
/* A response that carries only an error code (tag 0x8001, or 0x00C4 when tpm12). */
size_t response_error(uint8_t *buf, uint32_t rc, bool tpm12);
/* The fixed properties of the swtpm the system tests use, plus a few typical real ones. */
extern const struct property swtpm_properties[];
extern const int swtpm_property_count;

#endif
