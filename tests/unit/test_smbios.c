/* test_smbios.c - SMBIOS types 0 and 1 from a table laid out per DSP0134, and malformed tables. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "checks/engine/platform_facts.h"

/* type 0 (BIOS), type 1 (System) with a UUID, type 127 (end). */
static const uint8_t table[] = {
	0x00, 0x12, 0x00, 0x00, 0x01, 0x02, 0x00, 0xF0, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
	'A', 'c', 'm', 'e', 0, '1', '.', '2', '3', 0, '0', '1', '/', '0', '2', '/', '2', '0', '2', '6', 0, 0,
	0x01, 0x1B, 0x01, 0x00, 0x01, 0x02, 0x00, 0x03,
	0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF, 0x06, 0, 0,
	'C', 'o', 'n', 't', 'o', 's', 'o', 0, 'B', 'e', 'n', 'c', 'h', ' ', 'P', 'C', ' ', ' ', 0, 'S', 'N', '1', 0, 0,
	0x7F, 0x04, 0x02, 0x00, 0, 0,
};

static void reads_bios_and_system(void **state)
{
	struct platform_facts f;
	platform_facts_init(&f);
	assert_int_equal(smbios_parse(table, sizeof(table), &f), 0);
	assert_string_equal(f.bios_vendor, "Acme");
	assert_string_equal(f.bios_version, "1.23");
	assert_string_equal(f.bios_date, "01/02/2026");
	assert_string_equal(f.system_manufacturer, "Contoso");
	assert_string_equal(f.product, "Bench PC"); /* trailing blanks trimmed */
	assert_string_equal(f.serial, "SN1");
	assert_string_equal(f.uuid, "00112233-4455-6677-8899-aabbccddeeff");
}

static void rejects_malformed_tables(void **state)
{
	struct platform_facts f;
	uint8_t bad[sizeof(table)];
	platform_facts_init(&f);
	assert_int_equal(smbios_parse(table, 10, &f), -1); /* structure longer than the data */
	memcpy(bad, table, sizeof(table));
	bad[1] = 2; /* length below the 4-byte header */
	platform_facts_init(&f);
	assert_int_equal(smbios_parse(bad, sizeof(bad), &f), -1);
	memcpy(bad, table, sizeof(table));
	bad[4] = 9; /* a string index past the string set */
	platform_facts_init(&f);
	smbios_parse(bad, sizeof(bad), &f);
	assert_string_equal(f.bios_vendor, "");
	uint8_t unterminated[] = { 0x01, 0x08, 0, 0, 1, 1, 0, 1, 'x', 'y' };
	platform_facts_init(&f);
	assert_int_equal(smbios_parse(unterminated, sizeof(unterminated), &f), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(reads_bios_and_system), cmocka_unit_test(rejects_malformed_tables) };
	return cmocka_run_group_tests_name("smbios", tests, NULL, NULL);
}
