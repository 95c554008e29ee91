/* merge_columns.c - see merge_columns.h. */
#include "merge_columns.h"
#include <string.h>

const char *const merge_column_names[MERGE_COLUMNS] = {
	"file", "run_id", "serial", "serial_flag", "manufacturer", "model", "bios_version", "tpm_vendor", "tpm_firmware",
	"verdict", "failing", "warnings", "predicts", "started_utc", "latest", "stage",
};

void merge_row_values(const struct merge_row *r, bool latest, const char *v[MERGE_COLUMNS])
{
	const char *values[MERGE_COLUMNS] = {
		r->file, r->run_id, r->serial, r->serial_flag, r->manufacturer, r->model, r->bios_version, r->tpm_vendor,
		r->tpm_firmware, r->verdict, r->failing, r->warnings, r->predicts, r->started, latest ? "yes" : "no", r->stage,
	};
	memcpy(v, values, sizeof(values));
}
