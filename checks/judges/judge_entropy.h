/*
 * judge_entropy.h - the judges that need random numbers (nonces, credentials,
 * keys) and the machine that has none: boot/platform.h's source is the
 * platform's, else the TPM's generator. With none at all the check is not
 * tried - the tool's limit on this machine, never the TPM's fault.
 */
#ifndef PREFLIGHT_JUDGE_ENTROPY_H
#define PREFLIGHT_JUDGE_ENTROPY_H
#include <stdbool.h>
#include "checks/report/report.h"

/* True, with `r` set to ERROR no-entropy naming what needed them (`needed_for`), when no random bytes come. */
bool judge_no_entropy(struct check_result *r, const char *needed_for);

#endif
