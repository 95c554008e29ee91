/* efi_report_save.c - reports are never overwritten: the next free name is used (checks/report/report_files.h). */
#include "efi_report_save.h"
#include "efi_console.h"
#include "efi_files.h"
#include "checks/report/report_files.h"
#include <stdio.h>

#define REPORT_DIR "\\preflight\\reports"

int efi_save_report(const char *serial, long long now, const struct strbuf *text, const struct strbuf *json, char *why,
		    size_t why_len)
{
	EFI_STATUS s = efi_make_dirs(REPORT_DIR);
	for (int attempt = 1; attempt <= REPORT_NAME_ATTEMPTS && !EFI_ERROR(s); attempt++) {
		char stem[128], name[140];
		report_file_stem(stem, sizeof(stem), serial, now, attempt);
		snprintf(name, sizeof(name), "%s.json", stem);
		s = efi_write_new_file(REPORT_DIR, name, strbuf_str(json), json->len);
		if (s == EFI_ACCESS_DENIED) {
			s = EFI_SUCCESS; /* that name is taken: try the next */
			continue;
		}
		if (!EFI_ERROR(s)) {
			snprintf(name, sizeof(name), "%s.txt", stem);
			s = efi_write_new_file(REPORT_DIR, name, strbuf_str(text), text->len);
		}
		if (!EFI_ERROR(s)) {
			efi_printf("SAVED    %s\\%s.json and .txt\n", REPORT_DIR, stem);
			return 0;
		}
	}
	efi_printf("SAVE-FAILED the report could not be written to the stick: %s (0x%llx). The report above is "
		   "complete; photograph it or use a writable stick.\n", efi_status_text(s), (unsigned long long)s);
	snprintf(why, why_len, "%s", efi_status_text(s));
	return -1;
}
