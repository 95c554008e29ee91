/*
 * tcti_transport.h - presents a tpm_transport to tss2-sys as a TCTI
 * (TCG TSS 2.0 TCTI specification: the common V2 structure first in the
 * context, transmit then receive, receive first asked with a NULL buffer
 * for the size).
 */
#ifndef PREFLIGHT_TCTI_TRANSPORT_H
#define PREFLIGHT_TCTI_TRANSPORT_H
#include <tss2/tss2_tcti.h>
#include "transport.h"

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

#endif
