/* tpm_responses.c - build TPM responses for the unit tests. */
#include "tpm_responses.h"
#include <string.h>
#include <tss2/tss2_mu.h>

const struct property swtpm_properties[] = {
	{ 0x100, 0x322E3000 }, { 0x101, 0 }, { 0x102, 164 }, { 0x103, 75 }, { 0x104, 2021 },
	{ 0x105, 0x49424D00 }, { 0x106, 0x53572020 }, { 0x107, 0x2054504D }, { 0x108, 0 }, { 0x109, 0 },
	{ 0x10A, 1 }, { 0x10B, 0x20191023 }, { 0x10C, 0x00163636 },
};
const int swtpm_property_count = sizeof(swtpm_properties) / sizeof(swtpm_properties[0]);

static void put_header(uint8_t *buf, uint16_t tag, uint32_t size, uint32_t rc)
{
	size_t off = 0;
	Tss2_MU_UINT16_Marshal(tag, buf, 10, &off);
	Tss2_MU_UINT32_Marshal(size, buf, 10, &off);
	Tss2_MU_UINT32_Marshal(rc, buf, 10, &off);
}

size_t response_properties(uint8_t *buf, size_t cap, const struct property *props, int count, bool more)
{
	TPMS_CAPABILITY_DATA data;
	memset(&data, 0, sizeof(data));
	data.capability = TPM2_CAP_TPM_PROPERTIES;
	data.data.tpmProperties.count = (uint32_t)count;
	for (int i = 0; i < count; i++) {
		data.data.tpmProperties.tpmProperty[i].property = props[i].id;
		data.data.tpmProperties.tpmProperty[i].value = props[i].value;
	}
	size_t off = 10;
	Tss2_MU_UINT8_Marshal(more ? 1 : 0, buf, cap, &off);
	Tss2_MU_TPMS_CAPABILITY_DATA_Marshal(&data, buf, cap, &off);
	put_header(buf, 0x8001, (uint32_t)off, 0);
	return off;
}

size_t response_error(uint8_t *buf, uint32_t rc, bool tpm12)
{
	put_header(buf, tpm12 ? 0x00C4 : 0x8001, 10, rc);
	return 10;
}
