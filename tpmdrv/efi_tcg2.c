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

static uint32_t le32_at(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * Field offsets of EFI_TCG2_BOOT_SERVICE_CAPABILITY (TCG EFI Protocol 6.4): naturally aligned the
 * structure is 36 bytes; some firmware packs it to 30. The Size the firmware writes back tells which.
 */
int efi_tcg2_capability(EFI_TCG2_PROTOCOL *tcg2, struct tcg2_caps *caps)
{
	uint8_t raw[64];
	memset(raw, 0, sizeof(raw));
	memset(caps, 0, sizeof(*caps));
	raw[0] = 36;
	if (EFI_ERROR(tcg2->GetCapability(tcg2, raw)))
		return -1;
	bool packed = raw[0] <= 30;
	caps->protocol_major = raw[3];
	caps->protocol_minor = raw[4];
	caps->event_logs = le32_at(raw + (packed ? 9 : 12));
	caps->present = raw[packed ? 13 : 16] != 0;
	caps->max_command = (uint16_t)(raw[packed ? 14 : 18] | raw[packed ? 15 : 19] << 8);
	caps->max_response = (uint16_t)(raw[packed ? 16 : 20] | raw[packed ? 17 : 21] << 8);
	caps->manufacturer = le32_at(raw + (packed ? 18 : 24));
	caps->active_banks = le32_at(raw + (packed ? 26 : 32));
	return 0;
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
	memcpy(command, cmd, cmd_len); /* SubmitCommand takes a non-const buffer */
	memset(rsp, 0, TPM_HEADER_SIZE);
	EFI_STATUS st = tt->tcg2->SubmitCommand(tt->tcg2, (uint32_t)cmd_len, command, (uint32_t)cap, rsp);
	if (st == EFI_TIMEOUT)
		return transport_fail(t, TRANSPORT_TIMEOUT, "TCG2-SUBMIT-TIMEOUT", "EFI_TCG2_PROTOCOL.SubmitCommand "
				      "timed out (EFI_TIMEOUT): the firmware's driver got no answer from the TPM");
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
	(void)t;
}

void tcg2_transport_init(struct tcg2_transport *t, EFI_TCG2_PROTOCOL *tcg2, const struct tcg2_caps *caps)
{
	memset(t, 0, sizeof(*t));
	t->base.name = "tcg2";
	t->base.exchange = tcg2_exchange;
	t->base.close = tcg2_close;
	t->tcg2 = tcg2;
	t->caps = *caps;
	snprintf(t->base.detail, sizeof(t->base.detail), "EFI_TCG2_PROTOCOL");
}
