/* test_cab_names.c - a cab entry name with line breaks, escape sequences or non-ASCII bytes comes out of the
 * archive as printable ASCII (names reach evidence, the screen and the serial console); a folder compressed in a
 * way TrustedTpm.cab never is (Quantum, an LZX window out of range) is refused before libmspack decodes it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "checks/cab/cab_archive.h"

static size_t put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	return 2;
}

static size_t put32(uint8_t *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
	return 4;
}

/* One uncompressed folder with one file ([MS-CAB] 2.1 CFHEADER, 2.2 CFFOLDER, 2.3 CFFILE, 2.4 CFDATA with a zero
 * checksum, which means "not computed"). Returns the cab's length. */
static size_t make_cab(uint8_t *cab, const char *name, const char *data)
{
	size_t name_len = strlen(name) + 1, data_len = strlen(data);
	size_t files_at = 36 + 8, data_at = files_at + 16 + name_len, total = data_at + 8 + data_len;
	uint8_t *p = cab;
	memcpy(p, "MSCF", 4);
	p += 4;
	p += put32(p, 0);
	p += put32(p, (uint32_t)total);
	p += put32(p, 0);
	p += put32(p, (uint32_t)files_at);
	p += put32(p, 0);
	*p++ = 3; /* version 1.3 */
	*p++ = 1;
	p += put16(p, 1); /* folders */
	p += put16(p, 1); /* files */
	p += put16(p, 0); /* flags */
	p += put16(p, 0); /* set id */
	p += put16(p, 0); /* cabinet number */
	p += put32(p, (uint32_t)data_at);
	p += put16(p, 1); /* data blocks */
	p += put16(p, 0); /* no compression */
	p += put32(p, (uint32_t)data_len);
	p += put32(p, 0); /* offset in the folder */
	p += put16(p, 0); /* folder */
	p += put16(p, 0x5a21); /* date */
	p += put16(p, 0); /* time */
	p += put16(p, 0x20); /* attributes: archive */
	memcpy(p, name, name_len);
	p += name_len;
	p += put32(p, 0); /* checksum: not computed */
	p += put16(p, (unsigned)data_len);
	p += put16(p, (unsigned)data_len);
	memcpy(p, data, data_len);
	return total;
}

static void names_are_printable_ascii(void **state)
{
	static uint8_t cab[512];
	char why[200];
	struct cab_archive a;
	size_t len = make_cab(cab, "Microsoft\\IntermediateCA\\x\x1b[2J\nVERDICT  READY\r\xe9.cer", "data");
	assert_int_equal(cab_extract(cab, len, &a, why, sizeof(why)), 0);
	assert_int_equal(a.count, 1);
	for (const char *p = a.entries[0].name; *p; p++)
		assert_true(*p >= 0x20 && *p < 0x7f);
	assert_string_equal(a.entries[0].name, "Microsoft/IntermediateCA/x?[2J?VERDICT  READY??.cer");
	assert_int_equal(a.entries[0].len, 4);
	cab_free(&a);
	len = make_cab(cab, "Intel\\RootCA\\Root CA 1.cer", "root");
	assert_int_equal(cab_extract(cab, len, &a, why, sizeof(why)), 0);
	assert_string_equal(a.entries[0].name, "Intel/RootCA/Root CA 1.cer");
	cab_free(&a);
}

/* The folder's typeCompress ([MS-CAB] 2.2) follows the 36-byte header and the folder's offset and block count. */
static size_t with_compression(uint8_t *cab, unsigned type)
{
	size_t len = make_cab(cab, "Intel/RootCA/a.cer", "0123456789");
	put16(cab + 36 + 6, type);
	return len;
}

static void unusual_compression_is_refused(void **state)
{
	static uint8_t cab[512];
	char why[200];
	struct cab_archive a;
	/* Quantum with a 2^31 window: fuzz_cab found libmspack shifting 1 by 31 places (undefined) on it */
	assert_int_equal(cab_extract(cab, with_compression(cab, 0x1F02), &a, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "compression type 0x1f02"));
	assert_int_equal(cab_extract(cab, with_compression(cab, 0x1F03), &a, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "compression type 0x1f03"));
	assert_int_equal(cab_extract(cab, with_compression(cab, 0x0004), &a, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "compression type 0x0004"));
	/* LZX with a 2^21 window is read (these bytes are no LZX stream, so it fails later, for another reason) */
	assert_int_equal(cab_extract(cab, with_compression(cab, 0x1503), &a, why, sizeof(why)), -1);
	assert_null(strstr(why, "compression type"));
	assert_int_equal(cab_extract(cab, with_compression(cab, 0x0000), &a, why, sizeof(why)), 0);
	cab_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(names_are_printable_ascii),
					    cmocka_unit_test(unusual_compression_is_refused) };
	return cmocka_run_group_tests_name("cab entry names", tests, NULL, NULL);
}
