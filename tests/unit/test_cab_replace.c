/*
 * test_cab_replace.c - the Linux command replacing the --trust cab with a newer download: the new file is written
 * to a fresh temporary file (never through a link or into a file already there), the old one is kept beside it
 * under its date, and nothing is left behind.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "boot/linux/cab_replace_posix.h"

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void expect_text(const char *path, const char *text)
{
	char buf[256] = "";
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	assert_string_equal(buf, text);
}

static size_t count_entries(const char *dir)
{
	size_t n = 0;
	DIR *d = opendir(dir);
	assert_non_null(d);
	for (struct dirent *e; (e = readdir(d));)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void make_dir(char *dir, size_t len)
{
	snprintf(dir, len, "/tmp/test_cab_replace.XXXXXX");
	assert_non_null(mkdtemp(dir));
}

/* A link left where the old code wrote its temporary file must neither be followed nor end up as the cab. */
static void planted_link_is_not_followed(void **state)
{
	char dir[64], path[128], victim[128], planted[160], kept[160];
	make_dir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/TrustedTpm.cab", dir);
	snprintf(victim, sizeof(victim), "%s/victim", dir);
	snprintf(planted, sizeof(planted), "%s.download", path);
	snprintf(kept, sizeof(kept), "%s/TrustedTpm-2024-06-11.cab", dir);
	put(path, "old cab");
	put(victim, "precious");
	assert_int_equal(symlink(victim, planted), 0);
	char where[300];
	static const char fresh[] = "new cab";
	assert_int_equal(cab_replace_posix(path, "2024-11-21", "2024-06-11", (const uint8_t *)fresh, strlen(fresh), where,
					   sizeof(where)), 0);
	expect_text(victim, "precious");
	struct stat st;
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0644);
	expect_text(path, "new cab");
	expect_text(kept, "old cab");
	assert_non_null(strstr(where, kept));
	assert_int_equal(lstat(planted, &st), 0);
	assert_true(S_ISLNK(st.st_mode)); /* left as found */
	assert_int_equal(count_entries(dir), 4); /* cab, kept, victim, planted link: no temporary file left */
	unlink(path), unlink(kept), unlink(victim), unlink(planted), rmdir(dir);
}

/* A stale regular leftover is not reused (it may be another user's, or still open somewhere). */
static void stale_leftover_is_left_alone(void **state)
{
	char dir[64], path[128], stale[160];
	make_dir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/TrustedTpm.cab", dir);
	snprintf(stale, sizeof(stale), "%s.download", path);
	put(stale, "half a download");
	char where[300];
	static const char fresh[] = "new cab";
	assert_int_equal(cab_replace_posix(path, "2024-11-21", "none", (const uint8_t *)fresh, strlen(fresh), where,
					   sizeof(where)), 0);
	expect_text(path, "new cab");
	expect_text(stale, "half a download");
	assert_string_equal(where, "the old one is kept as (none)");
	assert_int_equal(count_entries(dir), 2);
	unlink(path), unlink(stale), rmdir(dir);
}

static void unwritable_place_is_reported(void **state)
{
	char where[300];
	static const char fresh[] = "new cab";
	assert_int_equal(cab_replace_posix("/nonexistent-dir/TrustedTpm.cab", "2024-11-21", "2024-06-11",
					   (const uint8_t *)fresh, strlen(fresh), where, sizeof(where)), -1);
	assert_non_null(strstr(where, "/nonexistent-dir/TrustedTpm.cab could not be replaced"));
	assert_non_null(strstr(where, "No such file or directory"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(planted_link_is_not_followed),
		cmocka_unit_test(stale_leftover_is_left_alone),
		cmocka_unit_test(unwritable_place_is_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
