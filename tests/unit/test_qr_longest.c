/* test_qr_longest.c - the longest compact summary the tool can write (a 63-character serial and model, every check
 * failing) still makes a QR code a reader decodes: drawn as the screen draws it (4-module quiet zone) into a PGM
 * image and read back with zbarimg (zbar-tools, a test dependency). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checks/report/qr_matrix.h"
#include "checks/table/check_reasons.h"
#include <unistd.h>
#include "checks/report/report_summary.h"

enum { SCALE = 4, QUIET = 4 };

/* Every check failing with its first reason (so each predicts its Windows error), the longest serial and model. */
static void longest_report(struct report *r)
{
	static struct check_result o;
	report_init(r, "test", "2026-12-02T00:00:00Z");
	for (int id = 0; id < CHECK_COUNT; id++) {
		const struct check_descriptor *d = check_descriptor((enum check_id)id);
		outcome_init(&o, (enum check_id)id);
		outcome_set(&o, id == CHECK_PLATFORM_INFO ? CHECK_PASS : CHECK_FAIL, d->reasons[0].id ? d->reasons[0].id : "x",
			    "failed");
		if (id == CHECK_PLATFORM_INFO) {
			result_evidence(&o, "serial", "%s", "SN-0123456789-ABCDEFGHIJKLMNOPQRSTUVWXYZ-abcdefghijklmnopqrstuvw");
			result_evidence(&o, "product", "%s", "Contoso Bench Workstation 5 Ultra (Model 2026) Rev C Long Name");
		}
		report_commit(r, &o);
	}
}

static void write_pgm(const struct qr_matrix *m, const char *path)
{
	int side = (m->width + 2 * QUIET) * SCALE;
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fprintf(f, "P5\n%d %d\n255\n", side, side);
	for (int y = 0; y < side; y++)
		for (int x = 0; x < side; x++) {
			int mx = x / SCALE - QUIET, my = y / SCALE - QUIET;
			bool dark = mx >= 0 && my >= 0 && mx < m->width && my < m->width && qr_matrix_dark(m, mx, my);
			fputc(dark ? 0 : 255, f);
		}
	fclose(f);
}

static void longest_summary_decodes(void **state)
{
	static struct report r;
	char summary[REPORT_SUMMARY_MAX + 1], path[] = "/tmp/qr-longest-XXXXXX", command[128], decoded[512] = "";
	longest_report(&r);
	report_compact_summary(&r, summary, sizeof(summary));
	assert_true(strlen(summary) > 150); /* the case that matters: near the limit */
	struct qr_matrix m;
	assert_int_equal(qr_matrix_make(summary, &m), 0);
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	write_pgm(&m, path);
	qr_matrix_free(&m);
	snprintf(command, sizeof(command), "zbarimg --raw -q %s", path);
	FILE *p = popen(command, "r");
	assert_non_null(p);
	size_t n = fread(decoded, 1, sizeof(decoded) - 1, p);
	pclose(p);
	unlink(path);
	decoded[n] = 0;
	decoded[strcspn(decoded, "\r\n")] = 0;
	assert_string_equal(decoded, summary);
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(longest_summary_decodes) };
	return cmocka_run_group_tests_name("qr_longest", tests, NULL, NULL);
}
