/* fuzz_json.c - report files read back by `report merge`: the JSON reader and the row extraction. */
#include <stdint.h>
#include <stddef.h>
#include "checks/util/json_reader.h"
#include "boot/linux/merge_row.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_doc doc;
	struct merge_row row;
	char why[160];
	if (json_parse((const char *)data, size, &doc, why, sizeof(why)) == 0) {
		merge_row_from_report(&doc, "fuzz", &row, why, sizeof(why));
		json_doc_free(&doc);
	}
	return 0;
}
