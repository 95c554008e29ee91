/* test_pe_image.c - the PE/COFF header reader that decides which files in \preflight\drivers are loaded. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "checks/util/pe_image.h"

enum { PE_AT = 0x80, OPT_LEN = 240 };

/* A PE32+ header as lld-link writes it: MZ, e_lfanew, "PE\0\0", COFF header, optional header. */
static size_t make_pe(uint8_t *b, size_t cap, uint16_t machine, uint16_t subsystem)
{
	memset(b, 0, cap);
	b[0] = 'M', b[1] = 'Z';
	b[0x3c] = PE_AT;
	memcpy(b + PE_AT, "PE\0\0", 4);
	b[PE_AT + 4] = (uint8_t)machine, b[PE_AT + 5] = (uint8_t)(machine >> 8);
	b[PE_AT + 4 + 16] = (uint8_t)OPT_LEN;
	uint8_t *opt = b + PE_AT + 24;
	opt[0] = 0x0b, opt[1] = 0x02;
	opt[68] = (uint8_t)subsystem, opt[69] = (uint8_t)(subsystem >> 8);
	return PE_AT + 24 + OPT_LEN;
}

static void reads_machine_and_subsystem(void **state)
{
	uint8_t b[512];
	struct pe_image_info pe;
	const char *why = NULL;
	size_t n = make_pe(b, sizeof(b), PE_MACHINE_AMD64, PE_SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER);
	assert_int_equal(pe_image_read(b, n, &pe, &why), 0);
	assert_int_equal(pe.machine, 0x8664);
	assert_int_equal(pe.subsystem, 11);
	assert_int_equal(pe.magic, 0x20b);
	char text[120];
	assert_int_equal(pe_driver_fits(&pe, PE_MACHINE_AMD64, text, sizeof(text)), 0);
	assert_int_equal(pe_driver_fits(&pe, PE_MACHINE_ARM64, text, sizeof(text)), -1);
	assert_string_equal(text, "built for x64 (machine 0x8664), this PC is Arm64");
}

static void refuses_other_machines_and_applications(void **state)
{
	uint8_t b[512];
	struct pe_image_info pe;
	const char *why = NULL;
	char text[120];
	make_pe(b, sizeof(b), PE_MACHINE_ARM64, PE_SUBSYSTEM_EFI_RUNTIME_DRIVER);
	assert_int_equal(pe_image_read(b, sizeof(b), &pe, &why), 0);
	assert_int_equal(pe_driver_fits(&pe, PE_MACHINE_ARM64, text, sizeof(text)), 0);
	assert_int_equal(pe_driver_fits(&pe, PE_MACHINE_AMD64, text, sizeof(text)), -1);
	assert_string_equal(text, "built for Arm64 (machine 0xaa64), this PC is x64");
	make_pe(b, sizeof(b), PE_MACHINE_AMD64, PE_SUBSYSTEM_EFI_APPLICATION);
	assert_int_equal(pe_image_read(b, sizeof(b), &pe, &why), 0);
	assert_int_equal(pe_driver_fits(&pe, PE_MACHINE_AMD64, text, sizeof(text)), -1);
	assert_string_equal(text, "a UEFI application (subsystem 10), not a UEFI driver");
	make_pe(b, sizeof(b), PE_MACHINE_EBC, PE_SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER);
	assert_int_equal(pe_image_read(b, sizeof(b), &pe, &why), 0);
	assert_int_equal(pe_driver_fits(&pe, PE_MACHINE_AMD64, text, sizeof(text)), 0); /* the firmware's EBC interpreter */
	make_pe(b, sizeof(b), PE_MACHINE_I386, PE_SUBSYSTEM_WINDOWS_GUI);
	assert_int_equal(pe_image_read(b, sizeof(b), &pe, &why), 0);
	assert_int_equal(pe_driver_fits(&pe, PE_MACHINE_AMD64, text, sizeof(text)), -1);
	assert_string_equal(text, "a Windows program (subsystem 2), not a UEFI driver");
}

static void refuses_headers_outside_the_file(void **state)
{
	uint8_t b[512];
	struct pe_image_info pe;
	const char *why = NULL;
	size_t n = make_pe(b, sizeof(b), PE_MACHINE_AMD64, PE_SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER);
	assert_int_equal(pe_image_read(b, 0x3f, &pe, &why), -1); /* shorter than the MS-DOS header */
	assert_non_null(strstr(why, "no MZ header"));
	assert_int_equal(pe_image_read(b, n - 1, &pe, &why), -1); /* the optional header cut short */
	assert_non_null(strstr(why, "optional header"));
	assert_int_equal(pe_image_read(b, PE_AT + 23, &pe, &why), -1); /* the COFF header cut short */
	assert_non_null(strstr(why, "outside the file"));
	b[0x3c] = 0xf0, b[0x3d] = 0xff, b[0x3e] = 0xff, b[0x3f] = 0xff; /* e_lfanew near 4 GiB: no wrap-around */
	assert_int_equal(pe_image_read(b, n, &pe, &why), -1);
	assert_non_null(strstr(why, "outside the file"));
	b[0x3c] = 0x10, b[0x3d] = 0, b[0x3e] = 0, b[0x3f] = 0; /* inside the MS-DOS header */
	assert_int_equal(pe_image_read(b, n, &pe, &why), -1);
	n = make_pe(b, sizeof(b), PE_MACHINE_AMD64, PE_SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER);
	b[PE_AT + 1] = 'X';
	assert_int_equal(pe_image_read(b, n, &pe, &why), -1);
	assert_non_null(strstr(why, "no PE signature"));
	n = make_pe(b, sizeof(b), PE_MACHINE_AMD64, PE_SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER);
	b[PE_AT + 4 + 16] = 60; /* an optional header too short to hold Subsystem */
	assert_int_equal(pe_image_read(b, n, &pe, &why), -1);
	n = make_pe(b, sizeof(b), PE_MACHINE_AMD64, PE_SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER);
	b[PE_AT + 24] = 0x07; /* a ROM image's magic, not PE32/PE32+ */
	assert_int_equal(pe_image_read(b, n, &pe, &why), -1);
	assert_non_null(strstr(why, "magic"));
	b[0] = 'V', b[1] = 'Z'; /* a TE image (PI spec), which only firmware volumes hold */
	assert_int_equal(pe_image_read(b, n, &pe, &why), -1);
	assert_string_equal(pe_machine_name(0x1234), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_machine_and_subsystem),
		cmocka_unit_test(refuses_other_machines_and_applications),
		cmocka_unit_test(refuses_headers_outside_the_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
