/*
 * firmware_advisories.h - known-bad TPM firmware, as data: the built-in
 * checks/trust/firmware_advisories.tsv (one row per advisory with its source) and,
 * optionally, a site's own file in the same format (\preflight\advisories.tsv
 * on the stick, --advisories FILE on Linux).
 */
#ifndef PREFLIGHT_FIRMWARE_ADVISORIES_H
#define PREFLIGHT_FIRMWARE_ADVISORIES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "checks/tpm/tpm_firmware_version.h"

enum { ADVISORIES_MAX = 256, ADVISORY_FILE_MAX = 256 * 1024 };

struct firmware_advisory {
	char id[48];
	char vendor[8];       /* TPM_PT_MANUFACTURER as text, "*" for any */
	bool ek_rsa3072_only; /* match kind "ek-rsa3072-only" instead of "firmware" */
	/* inclusive, in the form the maker and Windows show (tpm_firmware_version.c); numbers left out of "from"
	 * are 0 and of "to" the highest, so 7.0 - 7.61 takes in 7.61.2785.0 */
	struct tpm_firmware_version from, to;
	char status[8];       /* "fail", "warn", "note" */
	char predicts[96], summary[160], remediation[240], source[160];
};

struct advisory_list {
	size_t count;
	struct firmware_advisory rows[ADVISORIES_MAX];
};

typedef void (*advisory_problem_fn)(void *ctx, const char *message);

/* Parses tab-separated rows (10 fields; '#' comments); bad rows are reported and skipped. Appends to out. */
void advisories_parse(const char *text, size_t len, struct advisory_list *out, advisory_problem_fn problem, void *ctx);
/* The built-in table. */
void advisories_builtin(struct advisory_list *out);
/* Does the advisory apply to this manufacturer, firmware version (as shown) and EK situation? */
bool firmware_advisory_matches(const struct firmware_advisory *a, const char *manufacturer,
			       const struct tpm_firmware_version *firmware, bool rsa3072_only);

#endif
