/* test_trust_store.c - AIK ids in every spelling, and version.txt as the real file writes it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "checks/trust/aik_id.h"
#include "checks/trust/version_history.h"

static void aik_ids_in_every_spelling(void **state)
{
	struct aik_id id;
	assert_true(aik_id_find("EUS-AMD-KEYID-578C545F796951421221A4A578ACDB5F682F89C8_new.cer", &id));
	assert_string_equal(id.canonical, "amd-keyid-578c545f796951421221a4a578acdb5f682f89c8");
	assert_string_equal(id.region, "eus");
	assert_true(aik_id_find("        ntc-nameid-0123456789abcdef0123456789abcdef01234567.cer", &id));
	assert_true(id.name_id);
	assert_string_equal(id.manufacturer, "ntc");
	assert_true(aik_id_find("https://IFX-KeyId-9c7df5a91c3d49bbe7378d4aba12ff8e78a2d75c.microsoftaik.azure.net", &id));
	assert_string_equal(id.canonical, "ifx-keyid-9c7df5a91c3d49bbe7378d4aba12ff8e78a2d75c");
	assert_string_equal(id.region, "");
	assert_false(aik_id_find("AMD-keyid-578c545f79695142122", &id));                /* too short */
	assert_false(aik_id_find("AMD-keyid-578c545f796951421221a4a578acdb5f682f89c8aa", &id)); /* too long */
	assert_false(aik_id_find("-keyid-578c545f796951421221a4a578acdb5f682f89c8", &id));    /* no vendor */
	unsigned char bytes[20];
	for (int i = 0; i < 20; i++)
		bytes[i] = (unsigned char)(0xA0 + i);
	aik_id_make(&id, "INTC", false, bytes, sizeof(bytes));
	assert_string_equal(id.canonical, "intc-keyid-a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3");
}

static void dates(void **state)
{
	struct history_date d;
	assert_true(history_date_parse("21-November-2024", &d));
	assert_int_equal(d.year, 2024);
	assert_int_equal(d.month, 11);
	assert_int_equal(d.day, 21);
	assert_true(history_date_parse("\t01-Aug-2022  ", &d));
	assert_int_equal(d.month, 8);
	assert_false(history_date_parse("32-May-2020", &d));
	assert_false(history_date_parse("1-Mayday-2020", &d));
	assert_false(history_date_parse("Added the following", &d));
}

/* Shaped like the real file: CRLF and bare CR, tabs, free headings, names with and without extension. */
static const char version_txt[] =
	"The certificates were last updated on:\r\n"
	"21-November-2024\r\n"
	"    Added the following AIK Certificates\r\n"
	"        AMD-keyid-1111111111111111111111111111111111111111.cer\r\n"
	"\tAdded the following EK Root Certificates\r"
	"        NSEccRootCA001.crt\r\n"
	"01-August-2022\n"
	"  Removed the following AMD AIK Certificates\n"
	"        EUS-amd-keyid-52fb59e29aa83a962fb9eef0fe5b4811de6b751e.cer\n"
	"        WUS-amd-keyid-52fb59e29aa83a962fb9eef0fe5b4811de6b751e\n"
	"29-March-2022\r\n"
	"   Renamed the following AMD EK Cert\r\n"
	"        AMD-fTPM-ECC-ICA-RVFamily-7ABAE76EBBA151415337F49A77CB1C3E.crt\r\n"
	"        to\r\n"
	"        AMD-fTPM-ECC-ICA-RVFamily-6892B692BED05533400FD5FAAE361882.crt\r\n"
	"07-November-2017\r\n"
	"    Removed revoked ifx certs:\r\n"
	"        WUS-IFX-KEYID-9C7DF5A91C3D49BBE7378D4ABA12FF8E78A2D75C.CER\r\n"
	"Details:\r\n";

static void version_txt_events(void **state)
{
	struct version_history h;
	assert_int_equal(version_history_parse(version_txt, sizeof(version_txt) - 1, &h), 0);
	assert_int_equal(h.updated.year, 2024);
	assert_int_equal(h.count, 7);
	assert_int_equal(h.events[0].action, HISTORY_ADDED);
	assert_int_equal(h.events[0].kind, HISTORY_AIK);
	assert_true(h.events[0].has_id);
	assert_int_equal(h.events[1].kind, HISTORY_EK);
	assert_string_equal(h.events[1].name, "NSEccRootCA001.crt");
	assert_int_equal(h.events[2].action, HISTORY_REMOVED);
	assert_int_equal(h.events[2].date.month, 8);
	assert_string_equal(h.events[3].id.canonical, "amd-keyid-52fb59e29aa83a962fb9eef0fe5b4811de6b751e");
	assert_int_equal(h.events[4].action, HISTORY_RENAMED_FROM);
	assert_int_equal(h.events[5].action, HISTORY_RENAMED_TO);
	assert_int_equal(h.events[6].action, HISTORY_REMOVED);
	assert_int_equal(h.events[6].date.year, 2017);
	version_history_free(&h);
}

static void version_txt_garbage(void **state)
{
	struct version_history h;
	char junk[3000];
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (char)(i * 7919 % 251);
	assert_int_equal(version_history_parse(junk, sizeof(junk), &h), 0);
	version_history_free(&h);
	assert_int_equal(version_history_parse("", 0, &h), 0);
	assert_int_equal(h.count, 0);
	assert_int_equal(h.updated.year, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(aik_ids_in_every_spelling),
		cmocka_unit_test(dates),
		cmocka_unit_test(version_txt_events),
		cmocka_unit_test(version_txt_garbage),
	};
	return cmocka_run_group_tests_name("trust store", tests, NULL, NULL);
}
