/*
 * test_firmware_tables.c - the parsers that met the firmware differences on Arm64 (docs/transports.md,
 * "Firmware differences"): EFI_TCG2_BOOT_SERVICE_CAPABILITY in both layouts, ManufacturerID in both byte orders
 * (EDK2 and U-Boot must name the same vendor), the TPM's register window from a DSDT's _CRS (AAVMF, start
 * method 6 leaves the TPM2 table's address 0) and from a device tree behind a bus's ranges (U-Boot, no ACPI).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "tpmdrv/tcg2_caps.h"
#include "tpmdrv/tpm_regs_find.h"

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }

/* The structure as a naturally aligned C compiler lays it out (AAVMF and U-Boot, measured: Size 36). */
static void aligned_caps(uint8_t *raw, uint32_t manufacturer)
{
	memset(raw, 0, 64);
	raw[0] = 36;
	raw[1] = 1; raw[2] = 1; /* StructureVersion 1.1 */
	raw[3] = 1; raw[4] = 1; /* ProtocolVersion 1.1 */
	put32(raw + 8, 0x1f);   /* HashAlgorithmBitmap */
	put32(raw + 12, 3);     /* SupportedEventLogs */
	raw[16] = 1;            /* TPMPresentFlag */
	put16(raw + 18, 0x1000);
	put16(raw + 20, 0x1000);
	put32(raw + 24, manufacturer);
	put32(raw + 28, 4);     /* NumberOfPcrBanks */
	put32(raw + 32, 0x1f);  /* ActivePcrBanks */
}

static void capability_aligned_layout(void **state)
{
	uint8_t raw[64];
	struct tcg2_caps c;
	const char *why = NULL;
	aligned_caps(raw, 0x004d4249);
	assert_int_equal(tcg2_caps_parse(raw, sizeof(raw), &c, &why), 0);
	assert_false(c.packed);
	assert_true(c.present);
	assert_int_equal(c.max_command, 0x1000);
	assert_int_equal(c.max_response, 0x1000);
	assert_int_equal(c.manufacturer, 0x004d4249);
	assert_int_equal(c.active_banks, 0x1f);
	assert_int_equal(c.event_logs, 3);
}

/* The same fields packed (30 bytes), as some firmware writes them: read at the packed offsets. */
static void capability_packed_layout(void **state)
{
	uint8_t raw[64];
	struct tcg2_caps c;
	const char *why = NULL;
	memset(raw, 0, sizeof(raw));
	raw[0] = 30;
	raw[3] = 1; raw[4] = 1;
	put32(raw + 9, 2);
	raw[13] = 1;
	put16(raw + 14, 0x800);
	put16(raw + 16, 0x900);
	put32(raw + 18, 0x49424d00);
	put32(raw + 26, 0x2);
	assert_int_equal(tcg2_caps_parse(raw, sizeof(raw), &c, &why), 0);
	assert_true(c.packed);
	assert_true(c.present);
	assert_int_equal(c.max_command, 0x800);
	assert_int_equal(c.max_response, 0x900);
	assert_int_equal(c.manufacturer, 0x49424d00);
	assert_int_equal(c.active_banks, 2);
}

static void capability_bad_sizes_refused(void **state)
{
	uint8_t raw[64];
	struct tcg2_caps c;
	const char *why = NULL;
	aligned_caps(raw, 0);
	for (unsigned size = 0; size < 36; size++) {
		raw[0] = (uint8_t)size;
		int ok = size == 22 || size == 26 || size == 28 || size == 30 || size == 32;
		assert_int_equal(tcg2_caps_parse(raw, sizeof(raw), &c, &why), ok ? 0 : -1);
	}
	raw[0] = 36;
	assert_int_equal(tcg2_caps_parse(raw, 20, &c, &why), -1); /* the buffer itself too short */
	assert_non_null(why);
}

/* EDK2 stores the TPM's bytes, U-Boot the value: the tool names one vendor for both, and says which order. */
static void manufacturer_both_byte_orders(void **state)
{
	uint32_t value;
	char name[5];
	assert_int_equal(tcg2_manufacturer_order(0x004d4249, 0, &value), TCG2_VENDOR_TPM_BYTES); /* OVMF, AAVMF */
	assert_int_equal(value, 0x49424d00);
	tcg2_vendor_name(value, name);
	assert_string_equal(name, "IBM");
	assert_int_equal(tcg2_manufacturer_order(0x49424d00, 0, &value), TCG2_VENDOR_VALUE); /* U-Boot */
	assert_int_equal(value, 0x49424d00);
	tcg2_vendor_name(value, name);
	assert_string_equal(name, "IBM");
	/* four letters read well both ways: the TPM's own answer decides */
	assert_int_equal(tcg2_manufacturer_order(0x43544e49, 0x494e5443, &value), TCG2_VENDOR_TPM_BYTES);
	assert_int_equal(value, 0x494e5443);
	assert_int_equal(tcg2_manufacturer_order(0x494e5443, 0x494e5443, &value), TCG2_VENDOR_VALUE);
	assert_int_equal(tcg2_manufacturer_order(0x12345678, 0x49424d00, &value), TCG2_VENDOR_UNREADABLE);
	assert_int_equal(tcg2_manufacturer_order(0, 0, &value), TCG2_VENDOR_UNREADABLE);
	tcg2_vendor_name(0x00ffffff, name);
	assert_string_equal(name, "");
	tcg2_vendor_name(0x53544d20, name); /* "STM " */
	assert_string_equal(name, "STM");
}

/* A DSDT with QEMU's TPM device (hw/arm/virt-acpi-build.c): Name(_HID, "MSFT0101"), _CRS Memory32Fixed. */
static size_t dsdt(uint8_t *t, size_t cap, uint32_t base, uint32_t len, int with_crs)
{
	static const uint8_t uart[] = "\x5b\x82\x20" "COM0\x08_HID\x0d" "ARMH0011\x00\x08_CRS\x11\x0e\x0a\x0b"
				      "\x86\x09\x00\x01\x00\x00\x00\x09\x00\x10\x00\x00\x79\x00";
	static const uint8_t tpm_head[] = "\x5b\x82\x40\x04TPM0\x08_HID\x0dMSFT0101\x00\x08_STR\x0dTPM 2.0 Device\x00";
	memset(t, 0, cap);
	memcpy(t, "DSDT", 4);
	size_t n = 36;
	memcpy(t + n, uart, sizeof(uart) - 1);
	n += sizeof(uart) - 1;
	memcpy(t + n, tpm_head, sizeof(tpm_head) - 1);
	n += sizeof(tpm_head) - 1;
	if (with_crs) {
		memcpy(t + n, "\x08_CRS\x11\x0e\x0a\x0c\x86\x09\x00\x01", 13);
		n += 13;
		put32(t + n, base);
		put32(t + n + 4, len);
		n += 8;
		t[n++] = 0x79;
		t[n++] = 0;
	}
	put32(t + 4, (uint32_t)n);
	return n;
}

static void aml_tpm_window(void **state)
{
	uint8_t t[256];
	struct tpm_regs_hit hit;
	size_t n = dsdt(t, sizeof(t), 0x0c000000, 0x5000, 1);
	assert_int_equal(acpi_aml_tpm_regs(t, n, &hit), 0);
	assert_int_equal(hit.base, 0x0c000000); /* not the UART's 0x09000000 before it */
	assert_int_equal(hit.size, 0x5000);
	assert_string_equal(hit.what, "ACPI MSFT0101 _CRS");
	n = dsdt(t, sizeof(t), 0x0c000000, 0x5000, 0);
	assert_int_equal(acpi_aml_tpm_regs(t, n, &hit), -1); /* no _CRS: the UART's descriptor is not taken */
	n = dsdt(t, sizeof(t), 0x0c000000, 0x5000, 1);
	assert_int_equal(acpi_aml_tpm_regs(t, n - 6, &hit), -1); /* the descriptor cut short */
	assert_int_equal(acpi_aml_tpm_regs(t, 36, &hit), -1);
	assert_int_equal(acpi_aml_tpm_regs(NULL, 0, &hit), -1);
}

/* A flattened device tree writer, enough for the layouts U-Boot hands over (Devicetree 0.4, chapter 5). */
struct fdt_writer {
	uint8_t st[1024], str[256];
	size_t st_len, str_len;
};

static void be(uint8_t *p, uint32_t v) { p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v; }
static void token(struct fdt_writer *w, uint32_t v) { be(w->st + w->st_len, v); w->st_len += 4; }

static void begin(struct fdt_writer *w, const char *name)
{
	token(w, 1);
	size_t n = strlen(name) + 1;
	memcpy(w->st + w->st_len, name, n);
	w->st_len += (n + 3) & ~(size_t)3;
}

static void prop(struct fdt_writer *w, const char *name, const void *value, uint32_t len)
{
	token(w, 3);
	token(w, len);
	token(w, (uint32_t)w->str_len);
	memcpy(w->str + w->str_len, name, strlen(name) + 1);
	w->str_len += strlen(name) + 1;
	memcpy(w->st + w->st_len, value, len);
	w->st_len += (len + 3) & ~(uint32_t)3;
}

static void cells(struct fdt_writer *w, const char *name, const uint32_t *v, unsigned n)
{
	uint8_t buf[64];
	for (unsigned i = 0; i < n; i++)
		be(buf + 4 * i, v[i]);
	prop(w, name, buf, 4 * n);
}

static size_t finish(struct fdt_writer *w, uint8_t *blob)
{
	token(w, 9);
	size_t total = 40 + w->st_len + w->str_len;
	memset(blob, 0, 40);
	be(blob, 0xd00dfeed);
	be(blob + 4, (uint32_t)total);
	be(blob + 8, 40);
	be(blob + 12, (uint32_t)(40 + w->st_len));
	be(blob + 16, 0);
	be(blob + 20, 17);
	be(blob + 24, 16);
	be(blob + 32, (uint32_t)w->str_len);
	be(blob + 36, (uint32_t)w->st_len);
	memcpy(blob + 40, w->st, w->st_len);
	memcpy(blob + 40 + w->st_len, w->str, w->str_len);
	return total;
}

/* QEMU virt's layout: the TPM on the platform bus, whose ranges map 0 to 0x0c000000; reg before compatible. */
static size_t virt_tree(uint8_t *blob, int bus_ranges, uint32_t tpm_at)
{
	static struct fdt_writer w;
	memset(&w, 0, sizeof(w));
	static const uint32_t two = 2, one = 1;
	begin(&w, "");
	cells(&w, "#address-cells", &two, 1);
	cells(&w, "#size-cells", &two, 1);
	begin(&w, "platform-bus@c000000");
	cells(&w, "#address-cells", &one, 1);
	cells(&w, "#size-cells", &one, 1);
	if (bus_ranges) {
		static const uint32_t ranges[] = { 0, 0, 0x0c000000, 0x02000000 };
		cells(&w, "ranges", ranges, 4);
	}
	begin(&w, "tpm_tis@0");
	const uint32_t reg[] = { tpm_at, 0x5000 };
	cells(&w, "reg", reg, 2);
	prop(&w, "compatible", "tcg,tpm-tis-mmio", 17);
	token(&w, 2);
	token(&w, 2);
	begin(&w, "pl011@9000000");
	const uint32_t uart[] = { 0, 0x09000000, 0, 0x1000 };
	cells(&w, "reg", uart, 4);
	prop(&w, "compatible", "arm,pl011\0arm,primecell", 24);
	token(&w, 2);
	token(&w, 2);
	return finish(&w, blob);
}

static void fdt_tpm_through_bus_ranges(void **state)
{
	uint8_t blob[2048];
	struct tpm_regs_hit hit;
	const char *why = NULL;
	size_t n = virt_tree(blob, 1, 0);
	assert_int_equal(fdt_tpm_regs(blob, n, &hit, &why), 0);
	assert_int_equal(hit.base, 0x0c000000); /* the bus's offset 0, translated */
	assert_int_equal(hit.size, 0x5000);
	n = virt_tree(blob, 1, 0x3000);
	assert_int_equal(fdt_tpm_regs(blob, n, &hit, &why), 0);
	assert_int_equal(hit.base, 0x0c003000);
}

static void fdt_untranslatable_or_broken_refused(void **state)
{
	uint8_t blob[2048];
	struct tpm_regs_hit hit;
	const char *why = NULL;
	size_t n = virt_tree(blob, 0, 0); /* a bus without ranges: its addresses are not the CPU's */
	assert_int_equal(fdt_tpm_regs(blob, n, &hit, &why), -1);
	assert_non_null(strstr(why, "no ranges"));
	n = virt_tree(blob, 1, 0x03000000); /* outside the bus's 32 MiB window */
	assert_int_equal(fdt_tpm_regs(blob, n, &hit, &why), -1);
	assert_non_null(strstr(why, "outside"));
	n = virt_tree(blob, 1, 0);
	for (size_t cut = 0; cut < n; cut += 7) /* every truncation is refused, never read past */
		assert_int_equal(fdt_tpm_regs(blob, cut, &hit, &why), -1);
	blob[0] ^= 1;
	assert_int_equal(fdt_tpm_regs(blob, n, &hit, &why), -1);
	assert_non_null(strstr(why, "header"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(capability_aligned_layout),
		cmocka_unit_test(capability_packed_layout),
		cmocka_unit_test(capability_bad_sizes_refused),
		cmocka_unit_test(manufacturer_both_byte_orders),
		cmocka_unit_test(aml_tpm_window),
		cmocka_unit_test(fdt_tpm_through_bus_ranges),
		cmocka_unit_test(fdt_untranslatable_or_broken_refused),
	};
	return cmocka_run_group_tests_name("firmware_tables", tests, NULL, NULL);
}
