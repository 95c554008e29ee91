/* check_reasons.h - the reason lists of the check table (check_reasons.c). */
#ifndef PREFLIGHT_CHECK_REASONS_H
#define PREFLIGHT_CHECK_REASONS_H
#include "checks/table/check_table.h"

extern const struct check_reason reasons_secure_boot[], reasons_platform_serial[], reasons_config_file[], reasons_event_log[], reasons_network_connection[],
	reasons_clock_skew[], reasons_tpm_present[], reasons_tpm_identity[], reasons_selftest[], reasons_virtual[],
	reasons_endorsement[], reasons_lockout[], reasons_ownership[], reasons_pcr_banks[], reasons_ek_cert_present[],
	reasons_firmware[], reasons_ek_key_match[], reasons_activation[], reasons_eku[], reasons_manufacturer[],
	reasons_validity[], reasons_trust_cab[], reasons_ek_chain[], reasons_aik_url[], reasons_aik_authority[],
	reasons_aik_probe[], reasons_aik_enrol[], reasons_endpoints[], reasons_none[];

#endif
