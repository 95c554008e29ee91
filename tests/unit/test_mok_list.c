/* test_mok_list.c - mok_cleanup: the configuration key, and taking one certificate out of a MokList value
 * (EFI_SIGNATURE_LISTs, UEFI 2.10 32.4.1) while every other entry stays as it was. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdint.h>
#include <string.h>
#include "checks/config/config.h"
#include "checks/util/efi_siglist.h"

static const uint8_t x509_guid[16] = { 0xa1, 0x59, 0xc0, 0xa5, 0xe4, 0x94, 0xa7, 0x4a,
				       0x87, 0xb5, 0xab, 0x15, 0x5c, 0x2b, 0xf0, 0x72 };
static const uint8_t sha256_guid[16] = { 0x26, 0x16, 0xc4, 0xc1, 0x4c, 0x50, 0x92, 0x40,
					 0xac, 0xa9, 0x41, 0xf9, 0x36, 0x93, 0x43, 0x28 }; /* EFI_CERT_SHA256_GUID */
static const uint8_t owner[16] = { 0x50, 0xab, 0x5d, 0x60, 0x46, 0xe0, 0x00, 0x43,
				   0xab, 0xb6, 0x3d, 0xd8, 0x10, 0xdd, 0x8b, 0x23 }; /* shim's */

static uint8_t ours[300], other[280], hash[32];

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Appends one list of `count` entries of `len` bytes each (data[i]) to buf at *at. */
static void add_list(uint8_t *buf, size_t *at, const uint8_t *type, const uint8_t *const *data, size_t len, size_t count)
{
	uint8_t *l = buf + *at;
	memcpy(l, type, 16);
	put32(l + 16, (uint32_t)(28 + count * (16 + len)));
	put32(l + 20, 0);
	put32(l + 24, (uint32_t)(16 + len));
	size_t o = 28;
	for (size_t i = 0; i < count; i++, o += 16 + len) {
		memcpy(l + o, owner, 16);
		memcpy(l + o + 16, data[i], len);
	}
	*at += o;
}

static void fill(void)
{
	memset(ours, 0x30, sizeof(ours));
	ours[299] = 0x01;
	memset(other, 0x30, sizeof(other));
	memset(hash, 0xab, sizeof(hash));
}

static void config_key(void **state)
{
	struct config c;
	config_defaults(&c);
	assert_false(c.mok_cleanup); /* a firmware variable is written only when asked */
	assert_int_equal(config_set(&c, "mok_cleanup", "on", NULL, NULL), 0);
	assert_true(c.mok_cleanup);
	assert_int_equal(config_set(&c, "mok_cleanup", "maybe", NULL, NULL), -1);
	assert_true(c.mok_cleanup); /* a bad value keeps the earlier one */
	const char text[] = "mok_cleanup = off\n";
	config_parse(&c, text, sizeof(text) - 1, NULL, NULL);
	assert_false(c.mok_cleanup);
}

static void removes_only_our_certificate(void **state)
{
	fill();
	static uint8_t in[2048], out[2048];
	size_t n = 0, out_len;
	const uint8_t *o1[] = { other }, *o2[] = { ours }, *h[] = { hash, hash };
	add_list(in, &n, x509_guid, o1, sizeof(other), 1);
	add_list(in, &n, sha256_guid, h, sizeof(hash), 2);
	add_list(in, &n, x509_guid, o2, sizeof(ours), 1);
	struct siglist_edit edit;
	assert_int_equal(siglist_remove_x509(in, n, ours, sizeof(ours), out, &out_len, &edit), 0);
	assert_int_equal(edit.lists, 3);
	assert_int_equal(edit.entries, 4);
	assert_int_equal(edit.removed, 1);
	size_t kept = 28 + 16 + sizeof(other) + 28 + 2 * (16 + sizeof(hash));
	assert_int_equal(out_len, kept);
	assert_memory_equal(out, in, kept); /* the other lists, byte for byte */
}

static void a_shared_list_keeps_its_other_entries(void **state)
{
	fill();
	static uint8_t in[2048], out[2048], expect[2048];
	uint8_t same_len_other[sizeof(ours)];
	memcpy(same_len_other, ours, sizeof(ours));
	same_len_other[0] ^= 1; /* one byte apart: must stay */
	size_t n = 0, e = 0, out_len;
	const uint8_t *three[] = { same_len_other, ours, same_len_other }, *two[] = { same_len_other, same_len_other };
	add_list(in, &n, x509_guid, three, sizeof(ours), 3);
	add_list(expect, &e, x509_guid, two, sizeof(ours), 2);
	struct siglist_edit edit;
	assert_int_equal(siglist_remove_x509(in, n, ours, sizeof(ours), out, &out_len, &edit), 0);
	assert_int_equal(edit.removed, 1);
	assert_int_equal(out_len, e);
	assert_memory_equal(out, expect, e); /* SignatureListSize shrunk by one entry */
}

static void nothing_left_and_nothing_found(void **state)
{
	fill();
	static uint8_t in[2048], out[2048];
	size_t n = 0, out_len;
	const uint8_t *o[] = { ours }, *h[] = { ours };
	add_list(in, &n, x509_guid, o, sizeof(ours), 1);
	struct siglist_edit edit;
	assert_int_equal(siglist_remove_x509(in, n, ours, sizeof(ours), out, &out_len, &edit), 0);
	assert_int_equal(out_len, 0); /* the variable is then deleted */
	n = 0;
	add_list(in, &n, sha256_guid, h, sizeof(ours), 1); /* the same bytes as a hash entry: not an X.509 list */
	assert_int_equal(siglist_remove_x509(in, n, ours, sizeof(ours), out, &out_len, &edit), 0);
	assert_int_equal(edit.removed, 0);
	assert_int_equal(out_len, n);
	assert_int_equal(siglist_remove_x509(in, 0, ours, sizeof(ours), out, &out_len, &edit), 0);
	assert_int_equal(out_len, 0);
}

static void malformed_lists_are_refused(void **state)
{
	fill();
	static uint8_t in[2048], out[2048];
	size_t n = 0, out_len;
	const uint8_t *o[] = { ours };
	add_list(in, &n, x509_guid, o, sizeof(ours), 1);
	struct siglist_edit edit;
	assert_int_equal(siglist_remove_x509(in, n - 1, ours, sizeof(ours), out, &out_len, &edit), -1);
	assert_non_null(strstr(edit.error, "past the end"));
	assert_int_equal(siglist_remove_x509(in, 20, ours, sizeof(ours), out, &out_len, &edit), -1);
	assert_non_null(strstr(edit.error, "28-byte header"));
	put32(in + 24, 0); /* SignatureSize 0 would divide by zero */
	assert_int_equal(siglist_remove_x509(in, n, ours, sizeof(ours), out, &out_len, &edit), -1);
	put32(in + 24, 16 + sizeof(ours) + 1);
	assert_int_equal(siglist_remove_x509(in, n, ours, sizeof(ours), out, &out_len, &edit), -1);
	assert_non_null(strstr(edit.error, "exactly"));
	put32(in + 24, 16 + sizeof(ours));
	put32(in + 20, 0xfffffff0u); /* a header larger than the list */
	assert_int_equal(siglist_remove_x509(in, n, ours, sizeof(ours), out, &out_len, &edit), -1);
	put32(in + 20, 0);
	put32(in + 16, 10); /* a list smaller than its header */
	assert_int_equal(siglist_remove_x509(in, n, ours, sizeof(ours), out, &out_len, &edit), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(config_key),
		cmocka_unit_test(removes_only_our_certificate),
		cmocka_unit_test(a_shared_list_keeps_its_other_entries),
		cmocka_unit_test(nothing_left_and_nothing_found),
		cmocka_unit_test(malformed_lists_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
