/*
 * tpm_handles.h - handles left behind by a command whose answer was lost.
 * When CreatePrimary, Load or StartAuthSession ends in a transport time-out
 * or a garbled response, the TPM may have created the object or session all
 * the same, and nobody but us could flush it: it would occupy a slot until
 * the next reboot. So the loaded handles are noted before such a command,
 * and after a lost answer every transient object and session that is new is
 * flushed. Handles that were there before are never touched.
 */
#ifndef PREFLIGHT_TPM_HANDLES_H
#define PREFLIGHT_TPM_HANDLES_H
#include <stdbool.h>
#include <stddef.h>
#include <tss2/tss2_sys.h>

enum { TPM_HANDLES_MAX = 128 };

struct tpm_handles {
	uint32_t handle[TPM_HANDLES_MAX];
	size_t count;
	bool known; /* both lists were read; otherwise nothing can be called new */
};

/* Notes the transient objects and loaded sessions (TPM_CAP_HANDLES) before a command that creates one. */
void tpm_handles_note(TSS2_SYS_CONTEXT *sys, struct tpm_handles *before);
/* True when rc leaves open whether the TPM executed the command: the answer never arrived or was unreadable. */
bool tpm_answer_lost(TSS2_RC rc);
/* After a command that ended with rc: if its answer was lost, flushes every handle new since `before`;
 * returns how many were flushed. */
size_t tpm_handles_flush_new(TSS2_SYS_CONTEXT *sys, const struct tpm_handles *before, TSS2_RC rc);

#endif
