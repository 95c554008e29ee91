/*
 * interface_id.h - the TPM_INTERFACE_ID register at offset 0x30 of locality 0
 * (PTP 2.0, 6.4.2 / 6.5.2): which interface the TPM offers.
 */
#ifndef PREFLIGHT_INTERFACE_ID_H
#define PREFLIGHT_INTERFACE_ID_H
#include <stddef.h>
#include <stdint.h>

enum tpm_interface_type {
	INTERFACE_FIFO = 0x0,   /* FIFO interface as defined in PTP 2.0 */
	INTERFACE_CRB = 0x1,
	INTERFACE_TIS13 = 0xF,  /* TIS 1.3 (FIFO for TPM 1.2 or early 2.0 parts) */
	INTERFACE_NONE = 0x100, /* the register reads all zeros or all ones with nothing behind it */
};

enum tpm_interface_type interface_id_type(uint32_t interface_id);
/* e.g. "CRB (INTERFACE_ID 0x00025811)" */
void interface_id_describe(uint32_t interface_id, char *out, size_t len);

#endif
