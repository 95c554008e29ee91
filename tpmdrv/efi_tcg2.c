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
