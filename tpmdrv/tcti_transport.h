/*
 * tcti_transport.h - presents a tpm_transport to tss2-sys as a TCTI
 * (TCG TSS 2.0 TCTI specification: the common V2 structure first in the
 * context, transmit then receive, receive first asked with a NULL buffer
 * for the size).
 */
#ifndef PREFLIGHT_TCTI_TRANSPORT_H
#define PREFLIGHT_TCTI_TRANSPORT_H
#include <stdbool.h>
#include <tss2/tss2_tcti.h>
#include "transport.h"

/* What the resends after TPM warnings (TPM_RC_RETRY, YIELDED, TESTING) cost over the context's life. */
struct tcti_retry_stats {
	unsigned resent;           /* commands sent again after a warning */
	unsigned gave_up;          /* commands whose budget ran out: the warning went to the caller */
	uint32_t last_cc, last_rc; /* the last command that got a warning, and that warning */
	uint64_t waited_ms;        /* time waited between resends */
};

/* Returns a heap-allocated TCTI context over the transport, or NULL. */
TSS2_TCTI_CONTEXT *tcti_transport_new(struct tpm_transport *transport);
/* Frees the context (not the transport). */
void tcti_transport_free(TSS2_TCTI_CONTEXT *tcti);
/* The status of the last exchange, for messages. */
enum transport_status tcti_transport_last_status(TSS2_TCTI_CONTEXT *tcti);
/*
 * The code (tpmdrv/transport.h) of the last exchange that failed, "" when none has: it outlives the
 * successful commands that follow (the handles flushed after a failure), so a caller holding a TCTI-layer
 * response code can name the transport failure behind it.
 */
const char *tcti_transport_last_code(TSS2_TCTI_CONTEXT *tcti);
void tcti_transport_retry_stats(TSS2_TCTI_CONTEXT *tcti, struct tcti_retry_stats *out);
/*
 * Whether a response carried TPM_RC_FAILURE (TPM 2.0 Part 1, "Failure Mode"), and to which command first. From
 * then on only TPM2_GetTestResult, TPM2_GetCapability and TPM2_FlushContext are sent; any other command is
 * answered TPM_RC_FAILURE here, as the TPM would, and counted.
 */
bool tcti_transport_failure_mode(TSS2_TCTI_CONTEXT *tcti, uint32_t *command);
unsigned tcti_transport_not_sent(TSS2_TCTI_CONTEXT *tcti);

#endif
