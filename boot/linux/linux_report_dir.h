/* linux_report_dir.h - save the .txt and .json report in a directory, never overwriting an earlier one. */
#ifndef PREFLIGHT_LINUX_REPORT_DIR_H
#define PREFLIGHT_LINUX_REPORT_DIR_H
#include "checks/util/strbuf.h"
/* Returns 0 when both files were written; otherwise says why on stderr and returns -1. */
int linux_save_report(const char *dir, const char *serial, long long now, const struct strbuf *text, const struct strbuf *json);
#endif
