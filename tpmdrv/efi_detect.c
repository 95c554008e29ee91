/*
 * efi_detect.c - what the firmware says about the TPM: the ACPI TPM2 table
 * (start method, control area), the INTERFACE_ID register, EFI_TCG2_PROTOCOL
 * and, for TPM 1.2, EFI_TCG_PROTOCOL. Measured under QEMU: with no TPM the registers
 * read 0, so the table and the protocol are trusted first.
 */
#include "efi_detect.h"
#include "acpi_tpm2.h"
#include "crb.h"
#include "efi_mmio.h"
#include "efi_regs.h"
#include "efi_tcg2.h"
#include "interface_id.h"
#include "tis.h"
#include "boot/efi/efi_acpi.h"
#include <stdio.h>
#include <string.h>

struct firmware_view {
	bool have_table;
	struct acpi_tpm2 table;
	EFI_TCG2_PROTOCOL *tcg2;
	struct tcg2_caps caps;
	bool tcg12;
	struct tpm_regs_place regs; /* locality 0 register block for the direct interfaces (efi_regs.c) */
	uint32_t interface_id;
};

static struct crb_transport crb;
static struct tis_transport tis;
static struct tcg2_transport tcg2;

static bool crb_method(uint32_t m)
{
	return m == TPM2_START_CRB || m == TPM2_START_CRB_ACPI || m == TPM2_START_CRB_SMC || m == TPM2_START_PLUTON ||
	       m == TPM2_START_CRB_FFA;
}

/* No register address may be read (efi_regs.c said why): a forced direct transport fails with that reason. */
static void no_address(struct firmware_view *v, struct tpm_connection *conn, bool use_crb)
{
	conn->absence = TPM_ABSENT;
	snprintf(conn->transport_name, sizeof(conn->transport_name), "%s", use_crb ? "crb" : "tis");
	transport_code_set(conn->code, "TPM-NO-ADDRESS");
	snprintf(conn->problem, sizeof(conn->problem), "%s", v->regs.problem);
}

/* INTERFACE_ID (PTP 6.4.2 / 6.5.3.3, 0x30 in both register files); 0 (no interface) when the address is unusable. */
static uint32_t read_interface_id(const struct firmware_view *v)
{
	return v->regs.usable ? efi_mmio_bus()->read32(efi_mmio_bus(), v->regs.base + CRB_INTF_ID) : 0;
}

static void note_firmware_quirk(struct tpm_connection *conn, const char *words)
{
	size_t used = strlen(conn->firmware_quirk);
	snprintf(conn->firmware_quirk + used, sizeof(conn->firmware_quirk) - used, "%s%s", used ? "; " : "", words);
}

/*
 * ManufacturerID as the firmware stored it (tcg2_caps.c): EDK2 keeps the TPM's bytes, U-Boot the value. The
 * tool names the vendor the same way under both and states the byte order as the firmware's, not the TPM's.
 */
static void firmware_vendor(const struct firmware_view *v, struct tpm_connection *conn)
{
	uint32_t value;
	char name[5];
	enum tcg2_vendor_order order = tcg2_manufacturer_order(v->caps.manufacturer, 0, &value);
	tcg2_vendor_name(value, name);
	conn->firmware_manufacturer = v->caps.manufacturer;
	conn->has_firmware_manufacturer = true;
	char words[160];
	snprintf(words, sizeof(words), "EFI_TCG2 ManufacturerID 0x%08x is the TPM's bytes in memory order (EDK2), "
		 "the value 0x%08x \"%s\"", (unsigned)v->caps.manufacturer, (unsigned)value, name);
	if (order == TCG2_VENDOR_TPM_BYTES)
		note_firmware_quirk(conn, words);
	snprintf(conn->firmware_vendor, sizeof(conn->firmware_vendor), "%s", order == TCG2_VENDOR_UNREADABLE ? "" : name);
}

static void look(struct firmware_view *v, struct tpm_connection *conn)
{
	memset(v, 0, sizeof(*v));
	size_t len = 0;
	const uint8_t *t = efi_acpi_find("TPM2", &len);
	const char *why = "";
	if (t && acpi_tpm2_parse(t, len, &v->table, &why) == 0) {
		v->have_table = true;
		snprintf(conn->start_method, sizeof(conn->start_method), "%u (%s)", (unsigned)v->table.start_method,
			 acpi_tpm2_start_method_name(v->table.start_method));
	} else if (t) {
		snprintf(conn->start_method, sizeof(conn->start_method), "unreadable TPM2 table: %s", why);
	}
	v->tcg2 = efi_tcg2_locate();
	if (v->tcg2 && efi_tcg2_capability(v->tcg2, &v->caps) != 0)
		v->tcg2 = NULL;
	v->tcg12 = efi_tcg12_present();
	efi_tpm_regs_locate(v->have_table ? &v->table : NULL, &v->regs);
	if ((v->have_table || v->tcg2) && v->regs.usable) {
		v->interface_id = read_interface_id(v);
		interface_id_describe(v->interface_id, conn->interface_type, sizeof(conn->interface_type));
	}
	if (v->tcg2)
		firmware_vendor(v, conn);
}

/* The registers behind the firmware's protocol, for commands it is known to refuse (efi_tcg2.c). */
static struct tpm_transport *registers_behind(struct firmware_view *v)
{
	if (!v->regs.usable)
		return NULL;
	enum tpm_interface_type type = interface_id_type(read_interface_id(v));
	if (type == INTERFACE_CRB) {
		crb_transport_init(&crb, efi_mmio_bus(), v->regs.base);
		return &crb.base;
	}
	if (type == INTERFACE_FIFO || type == INTERFACE_TIS13) {
		tis_transport_init(&tis, efi_mmio_bus(), v->regs.base);
		return &tis.base;
	}
	return NULL;
}

static void use_tcg2(struct firmware_view *v, struct tpm_connection *conn)
{
	struct tcg2_quirks quirks = efi_tcg2_quirks();
	struct tpm_transport *direct = quirks.refuses_above ? registers_behind(v) : NULL;
	tcg2_transport_init(&tcg2, v->tcg2, &v->caps, &quirks, direct);
	if (quirks.refuses_above) {
		char words[160];
		snprintf(words, sizeof(words), "%s's EFI_TCG2 refuses commands over %u bytes: those go %s",
			 quirks.firmware, (unsigned)quirks.refuses_above,
			 direct ? "through the TPM registers" : "nowhere (no register address usable)");
		note_firmware_quirk(conn, words);
	}
	conn->transport = &tcg2.base;
	snprintf(conn->transport_name, sizeof(conn->transport_name), "tcg2");
	snprintf(conn->location, sizeof(conn->location),
		 "EFI_TCG2_PROTOCOL %u.%u, ManufacturerID 0x%08x (%s), max command/response %u/%u bytes",
		 v->caps.protocol_major, v->caps.protocol_minor, (unsigned)v->caps.manufacturer,
		 conn->firmware_vendor[0] ? conn->firmware_vendor : "unreadable",
		 (unsigned)v->caps.max_command, (unsigned)v->caps.max_response);
}

static void use_direct(struct firmware_view *v, struct tpm_connection *conn, bool use_crb)
{
	if (!v->regs.usable) {
		no_address(v, conn, use_crb);
		return;
	}
	if (use_crb) {
		crb_transport_init(&crb, efi_mmio_bus(), v->regs.base);
		conn->transport = &crb.base;
	} else {
		tis_transport_init(&tis, efi_mmio_bus(), v->regs.base);
		conn->transport = &tis.base;
	}
	snprintf(conn->transport_name, sizeof(conn->transport_name), "%s", conn->transport->name);
	snprintf(conn->location, sizeof(conn->location), "%s (address from %s)", conn->transport->detail, v->regs.source);
	if (!conn->interface_type[0]) {
		v->interface_id = read_interface_id(v);
		interface_id_describe(v->interface_id, conn->interface_type, sizeof(conn->interface_type));
	}
}

static void no_tpm(struct firmware_view *v, struct tpm_connection *conn)
{
	if (v->tcg12) {
		conn->absence = TPM_IS_12;
		transport_code_set(conn->code, "TPM-FIRMWARE-TPM12");
		snprintf(conn->problem, sizeof(conn->problem),
			 "The firmware offers only the TPM 1.2 protocol (EFI_TCG_PROTOCOL) and no TPM2 ACPI table.");
		return;
	}
	conn->absence = TPM_ABSENT;
	transport_code_set(conn->code, "TPM-NOT-FOUND");
	if (v->regs.usable)
		snprintf(conn->problem, sizeof(conn->problem),
			 "No ACPI TPM2 table, no EFI_TCG2_PROTOCOL and no TPM registers at 0x%llx: the TPM is absent or "
			 "disabled in the firmware setup.", (unsigned long long)v->regs.base);
	else
		snprintf(conn->problem, sizeof(conn->problem), "No ACPI TPM2 table and no EFI_TCG2_PROTOCOL: the TPM is "
			 "absent or disabled in the firmware setup. %s", v->regs.problem);
}

static void choose_auto(struct firmware_view *v, struct tpm_connection *conn)
{
	enum tpm_interface_type type = interface_id_type(read_interface_id(v));
	if (v->tcg2 && v->caps.present) {
		snprintf(conn->how_chosen, sizeof(conn->how_chosen), "auto: EFI_TCG2_PROTOCOL reports a TPM");
		use_tcg2(v, conn);
	} else if (v->have_table && (crb_method(v->table.start_method) || v->table.start_method == TPM2_START_FIFO)) {
		snprintf(conn->how_chosen, sizeof(conn->how_chosen), "auto: ACPI TPM2 start method %u",
			 (unsigned)v->table.start_method);
		use_direct(v, conn, v->table.start_method != TPM2_START_FIFO);
	} else if (type == INTERFACE_CRB || type == INTERFACE_FIFO || (type == INTERFACE_TIS13 && !v->tcg12)) {
		/* a TIS 1.3 register file may hold a TPM 1.2 or an early 2.0: the FIFO driver tells them apart */
		snprintf(conn->how_chosen, sizeof(conn->how_chosen), "auto: INTERFACE_ID register");
		use_direct(v, conn, type == INTERFACE_CRB);
	} else {
		snprintf(conn->how_chosen, sizeof(conn->how_chosen), "auto");
		no_tpm(v, conn);
	}
}

void efi_detect_tpm(enum transport_choice choice, struct tpm_connection *conn)
{
	struct firmware_view v;
	memset(conn, 0, sizeof(*conn));
	look(&v, conn);
	if (choice == CHOOSE_AUTO) {
		choose_auto(&v, conn);
		return;
	}
	snprintf(conn->how_chosen, sizeof(conn->how_chosen), "forced: transport = %s", transport_choice_name(choice));
	if (choice != CHOOSE_TCG2) {
		use_direct(&v, conn, choice == CHOOSE_CRB);
		return;
	}
	if (v.tcg2 && v.caps.present) {
		use_tcg2(&v, conn);
		return;
	}
	snprintf(conn->transport_name, sizeof(conn->transport_name), "tcg2");
	if (v.tcg2) {
		conn->absence = TPM_ABSENT;
		transport_code_set(conn->code, "TCG2-NO-TPM");
		snprintf(conn->problem, sizeof(conn->problem), "EFI_TCG2_PROTOCOL is present but reports no TPM (TPMPresentFlag = 0).");
	} else {
		no_tpm(&v, conn);
		transport_code_set(conn->code, "TCG2-NO-PROTOCOL");
		snprintf(conn->problem, sizeof(conn->problem), "The firmware has no EFI_TCG2_PROTOCOL%s.",
			 v.tcg12 ? " (only the TPM 1.2 EFI_TCG_PROTOCOL)" : "");
	}
}
