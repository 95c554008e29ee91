/*
 * linux_report_dir.h - the .txt and .json report in a directory (--report-dir), as the UEFI application keeps them
 * on the stick: a run claims a fresh name when it starts, never an earlier run's, and rewrites that pair as it goes,
 * so a killed run leaves its report marked INCOMPLETE with its last stage.
 */
#ifndef PREFLIGHT_LINUX_REPORT_DIR_H
#define PREFLIGHT_LINUX_REPORT_DIR_H
#include <stdbool.h>
#include "checks/util/strbuf.h"

/* One run's files: the stem it claimed ("" until a save succeeded). */
struct linux_report_file {
	char stem[160];
};

/* Saves both files: under a fresh name the first time, over the run's own pair afterwards. final: the completed
 * report - stderr says where it went or why not; the saves while the run goes on are silent. 0 when both are written. */
int linux_save_report(struct linux_report_file *file, const char *dir, const char *serial, long long started,
		      const struct strbuf *text, const struct strbuf *json, bool final);
#endif
