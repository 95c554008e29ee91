/*
 * efi_tcg2.c - TPM commands through EFI_TCG2_PROTOCOL.SubmitCommand. The
 * firmware owns the interface and its timeouts; we check the response framing
 * ourselves before handing it on.
 */
#include "efi_tcg2.h"
#include "boot/efi/efi_globals.h"
#include <stdio.h>
#include <string.h>

static const EFI_GUID tcg2_guid = EFI_TCG2_PROTOCOL_GUID;
static const EFI_GUID tcg12_guid = EFI_TCG_PROTOCOL_GUID;

EFI_TCG2_PROTOCOL *efi_tcg2_locate(void)
{
	EFI_TCG2_PROTOCOL *tcg2 = NULL;
	if (EFI_ERROR(efi_boot->LocateProtocol(&tcg2_guid, NULL, (void **)&tcg2)))
		return NULL;
	return tcg2;
}

bool efi_tcg12_present(void)
{
	void *tcg = NULL;
	return !EFI_ERROR(efi_boot->LocateProtocol(&tcg12_guid, NULL, &tcg)) && tcg;
}

/* TCG EFI Protocol 6.4: the caller sets Size; the firmware fills the structure (tcg2_caps.c reads it). */
int efi_tcg2_capability(EFI_TCG2_PROTOCOL *tcg2, struct tcg2_caps *caps)
{
	uint8_t raw[64];
	const char *why;
	memset(raw, 0, sizeof(raw));
	memset(caps, 0, sizeof(*caps));
	raw[0] = TCG2_CAPS_ALIGNED_SIZE;
	if (EFI_ERROR(tcg2->GetCapability(tcg2, raw)))
		return -1;
	return tcg2_caps_parse(raw, sizeof(raw), caps, &why);
}

/*
 * U-Boot 2023.01 (lib/efi_loader/efi_tcg2.c over lib/tpm-common.c): SubmitCommand passes the TPM's response code
 * on as its own status, so every TPM error answer becomes EFI_DEVICE_ERROR (the answer is in the buffer), and
 * tpm_sendrecv_command refuses commands over its 256-byte COMMAND_BUFFER_SIZE, though GetCapability announces
 * MaxCommandSize 4096 (measured: TPM2_ActivateCredential with an RSA-2048 EK is refused).
 */
struct tcg2_quirks efi_tcg2_quirks(void)
{
	static const CHAR16 uboot[] = u"U-Boot";
	struct tcg2_quirks q = { 0 };
	const CHAR16 *vendor = efi_system ? efi_system->FirmwareVendor : NULL;
	for (size_t i = 0; vendor && vendor[i] && i < 64; i++) {
		size_t k = 0;
		while (uboot[k] && vendor[i + k] == uboot[k])
			k++;
		if (!uboot[k]) {
			q.firmware = "U-Boot";
			q.refuses_above = 256;
			q.error_answer_is_error = true;
			break;
		}
	}
	return q;
}


/* A command the firmware is known to refuse goes through the registers, untried, so it reaches the TPM once. */
static enum transport_status through_registers(struct tcg2_transport *tt, const uint8_t *cmd, size_t cmd_len,
					       uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
	struct tpm_transport *d = tt->direct;
	if (!d)
		return transport_fail(&tt->base, TRANSPORT_IO_ERROR, "TCG2-CMD-REFUSED", "%s's EFI_TCG2_PROTOCOL refuses "
				      "commands over %u bytes (this one has %u) and no TPM registers may be read instead",
				      tt->quirks.firmware, (unsigned)tt->quirks.refuses_above, (unsigned)cmd_len);
	tt->base.quirks++;
	snprintf(tt->base.quirk, sizeof(tt->base.quirk), "%s's EFI_TCG2 SubmitCommand refuses commands over %u bytes "
		 "(MaxCommandSize says %u): a %u-byte one went through the TPM registers", tt->quirks.firmware,
		 (unsigned)tt->quirks.refuses_above, (unsigned)tt->caps.max_command, (unsigned)cmd_len);
	enum transport_status st = d->exchange(d, cmd, cmd_len, rsp, rsp_cap, rsp_len);
	if (st != TRANSPORT_OK) {
		snprintf(tt->base.error, sizeof(tt->base.error), "%s", d->error);
		transport_code_set(tt->base.code, d->code);
	}
	return st;
}

/* The answer the firmware left in the buffer when it reported the TPM's error answer as its own failure. */
static bool error_answer_left(struct tcg2_transport *tt, const uint8_t *rsp, size_t cap, size_t *rsp_len)
{
	uint16_t tag = (uint16_t)(rsp[0] << 8 | rsp[1]);
	uint32_t len = tpm_header_size(rsp);
	uint32_t rc = (uint32_t)rsp[6] << 24 | (uint32_t)rsp[7] << 16 | (uint32_t)rsp[8] << 8 | rsp[9];
	if (!tt->quirks.error_answer_is_error || (tag != 0x8001 && tag != 0x8002) || len < TPM_HEADER_SIZE ||
	    len > cap || rc == 0)
		return false;
	tt->base.quirks++;
	snprintf(tt->base.quirk, sizeof(tt->base.quirk), "%s's EFI_TCG2 SubmitCommand reported the TPM's answer 0x%x "
		 "as EFI_DEVICE_ERROR; the answer in its buffer was used", tt->quirks.firmware, (unsigned)rc);
	*rsp_len = len;
	return true;
}

static enum transport_status tcg2_exchange(struct tpm_transport *t, const uint8_t *cmd, size_t cmd_len,
					   uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
	struct tcg2_transport *tt = (struct tcg2_transport *)t;
	uint8_t command[TPM_BUFFER_MAX];
	/* EDK2's Tcg2Dxe refuses buffers larger than the sizes GetCapability announced. */
	size_t cap = tt->caps.max_response && tt->caps.max_response < rsp_cap ? tt->caps.max_response : rsp_cap;
	if (cmd_len > sizeof(command) || (tt->caps.max_command && cmd_len > tt->caps.max_command))
		return transport_fail(t, TRANSPORT_IO_ERROR, "TCG2-CMD-TOO-LARGE", "the command (%u bytes) exceeds the "
				      "firmware's MaxCommandSize %u", (unsigned)cmd_len, (unsigned)tt->caps.max_command);
	if (tt->quirks.refuses_above && cmd_len > tt->quirks.refuses_above)
		return through_registers(tt, cmd, cmd_len, rsp, rsp_cap, rsp_len);
	memcpy(command, cmd, cmd_len); /* SubmitCommand takes a non-const buffer */
	memset(rsp, 0, TPM_HEADER_SIZE);
	EFI_STATUS st = tt->tcg2->SubmitCommand(tt->tcg2, (uint32_t)cmd_len, command, (uint32_t)cap, rsp);
	if (st == EFI_TIMEOUT)
		return transport_fail(t, TRANSPORT_TIMEOUT, "TCG2-SUBMIT-TIMEOUT", "EFI_TCG2_PROTOCOL.SubmitCommand "
				      "timed out (EFI_TIMEOUT): the firmware's driver got no answer from the TPM");
	if (st == EFI_DEVICE_ERROR && error_answer_left(tt, rsp, cap, rsp_len))
		return TRANSPORT_OK;
	if (EFI_ERROR(st))
		return transport_fail(t, TRANSPORT_IO_ERROR, "TCG2-SUBMIT-FAILED", "EFI_TCG2_PROTOCOL.SubmitCommand "
				      "failed with EFI status 0x%llx", (unsigned long long)st);
	uint32_t len = tpm_header_size(rsp);
	if (len < TPM_HEADER_SIZE || len > cap)
		return transport_fail(t, TRANSPORT_BAD_RESPONSE, "TCG2-RSP-SIZE-INVALID", "the firmware returned a "
				      "response whose header gives %u bytes (at most %u fit)", (unsigned)len, (unsigned)cap);
	*rsp_len = len;
	return TRANSPORT_OK;
}

static void tcg2_close(struct tpm_transport *t)
{
	struct tcg2_transport *tt = (struct tcg2_transport *)t;
	if (tt->direct && tt->direct->close)
		tt->direct->close(tt->direct);
}

void tcg2_transport_init(struct tcg2_transport *t, EFI_TCG2_PROTOCOL *tcg2, const struct tcg2_caps *caps,
			 const struct tcg2_quirks *quirks, struct tpm_transport *direct)
{
	memset(t, 0, sizeof(*t));
	t->base.name = "tcg2";
	t->base.exchange = tcg2_exchange;
	t->base.close = tcg2_close;
	t->tcg2 = tcg2;
	t->caps = *caps;
	t->quirks = *quirks;
	t->direct = quirks->refuses_above ? direct : NULL;
	snprintf(t->base.detail, sizeof(t->base.detail), "EFI_TCG2_PROTOCOL");
}
