/* efi_report_save.c - reports are never written over another run's: a run's first save takes the next free name
 * (checks/report/report_files.h), its later saves replace that pair. */
#include "efi_report_save.h"
#include "efi_console.h"
#include "efi_files.h"
#include "checks/report/report_files.h"
#include <stdio.h>

#define REPORT_DIR "\\preflight\\reports"

/* The first save: the next free name for this serial and start time. */
static EFI_STATUS claim(struct efi_report_file *file, const char *serial, long long started, const struct strbuf *text,
			const struct strbuf *json)
{
	EFI_STATUS s = efi_make_dirs(REPORT_DIR);
	for (int attempt = 1; attempt <= REPORT_NAME_ATTEMPTS && !EFI_ERROR(s); attempt++) {
		char stem[sizeof(file->stem)], name[sizeof(file->stem) + 8];
		report_file_stem(stem, sizeof(stem), serial, started, attempt);
		snprintf(name, sizeof(name), "%s.json", stem);
		s = efi_write_new_file(REPORT_DIR, name, strbuf_str(json), json->len);
		if (s == EFI_ACCESS_DENIED) {
			s = EFI_SUCCESS; /* that name is taken: try the next */
			continue;
		}
		if (EFI_ERROR(s))
			break;
		snprintf(file->stem, sizeof(file->stem), "%s", stem); /* the name is the run's now, whatever follows */
		snprintf(name, sizeof(name), "%s.txt", stem);
		return efi_write_new_file(REPORT_DIR, name, strbuf_str(text), text->len);
	}
	return EFI_ERROR(s) ? s : EFI_ACCESS_DENIED;
}

static EFI_STATUS rewrite(const struct efi_report_file *file, const struct strbuf *text, const struct strbuf *json)
{
	char name[sizeof(file->stem) + 8];
	snprintf(name, sizeof(name), "%s.json", file->stem);
	EFI_STATUS s = efi_replace_file(REPORT_DIR, name, strbuf_str(json), json->len);
	snprintf(name, sizeof(name), "%s.txt", file->stem);
	return EFI_ERROR(s) ? s : efi_replace_file(REPORT_DIR, name, strbuf_str(text), text->len);
}

int efi_save_report(struct efi_report_file *file, const char *serial, long long started, const struct strbuf *text,
		    const struct strbuf *json, bool final, char *why, size_t why_len)
{
	EFI_STATUS s = file->stem[0] ? rewrite(file, text, json) : claim(file, serial, started, text, json);
	if (!final)
		return EFI_ERROR(s) ? -1 : 0;
	if (!EFI_ERROR(s)) {
		efi_printf("SAVED    %s\\%s.json and .txt\n", REPORT_DIR, file->stem);
		return 0;
	}
	efi_printf("SAVE-FAILED the report could not be written to the stick: %s (0x%llx). The report above is "
		   "complete; photograph it or use a writable stick.\n", efi_status_text(s), (unsigned long long)s);
	snprintf(why, why_len, "%s", efi_status_text(s));
	return -1;
}
