/*
 * efi_report_save.h - the report as .json and .txt in \preflight\reports on the stick. A run claims a fresh name
 * when it starts (never an earlier run's: checks/report/report_files.h) and rewrites that pair as it goes, so a
 * reset mid-run leaves the report marked INCOMPLETE with its last stage (docs/factory.md).
 */
#ifndef PREFLIGHT_EFI_REPORT_SAVE_H
#define PREFLIGHT_EFI_REPORT_SAVE_H
#include <stdbool.h>
#include "checks/util/strbuf.h"

/* One run's files: the stem it claimed ("" until a save succeeded). */
struct efi_report_file {
	char stem[128];
};

/* Saves text and json as the run's pair: under a fresh name the first time, over the run's own pair afterwards.
 * final: the completed report - the console says SAVED or SAVE-FAILED (why filled for the result screen's banner);
 * the saves while the run goes on are silent. Returns 0 when both files were written. */
int efi_save_report(struct efi_report_file *file, const char *serial, long long started, const struct strbuf *text,
		    const struct strbuf *json, bool final, char *why, size_t why_len);
#endif
