/* efi_report_save.h - the report as .json and .txt in \preflight\reports on the stick. */
#ifndef PREFLIGHT_EFI_REPORT_SAVE_H
#define PREFLIGHT_EFI_REPORT_SAVE_H
#include "checks/util/strbuf.h"
/* Saves both files under a fresh name; on failure says why on the console. Returns 0 when saved. */
/* 0, or -1 with why (for the result screen's banner) after saying it on the console. */
int efi_save_report(const char *serial, long long now, const struct strbuf *text, const struct strbuf *json, char *why,
		    size_t why_len);
#endif
