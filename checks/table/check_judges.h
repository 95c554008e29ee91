/* check_judges.h - the judge of each check, named by its row of the check table (check_table.c). */
#ifndef PREFLIGHT_CHECK_JUDGES_H
#define PREFLIGHT_CHECK_JUDGES_H
#include "checks/table/check_table.h"

void judge_config_file(const struct engine *e, struct check_result *out);
void judge_platform_serial(const struct engine *e, struct check_result *out);
void judge_platform_info(const struct engine *e, struct check_result *out);
void judge_secure_boot(const struct engine *e, struct check_result *out);
void judge_event_log(const struct engine *e, struct check_result *out);
void judge_network_connection(const struct engine *e, struct check_result *out);
void judge_clock_skew(const struct engine *e, struct check_result *out);
void judge_tpm_present(const struct engine *e, struct check_result *out);
void judge_tpm_identity(const struct engine *e, struct check_result *out);
void judge_selftest(const struct engine *e, struct check_result *out);
void judge_virtual(const struct engine *e, struct check_result *out);
void judge_endorsement(const struct engine *e, struct check_result *out);
void judge_lockout(const struct engine *e, struct check_result *out);
void judge_ownership(const struct engine *e, struct check_result *out);
void judge_pcr_banks(const struct engine *e, struct check_result *out);
void judge_ek_cert_present(const struct engine *e, struct check_result *out);
void judge_firmware_advisory(const struct engine *e, struct check_result *out);
void judge_ek_key_match(const struct engine *e, struct check_result *out);
void judge_ek_activation(const struct engine *e, struct check_result *out);
void judge_ek_eku(const struct engine *e, struct check_result *out);
void judge_ek_manufacturer(const struct engine *e, struct check_result *out);
void judge_ek_validity(const struct engine *e, struct check_result *out);
void judge_trust_cab(const struct engine *e, struct check_result *out);
void judge_ek_chain(const struct engine *e, struct check_result *out);
void judge_aik_url(const struct engine *e, struct check_result *out);
void judge_aik_authority(const struct engine *e, struct check_result *out);
void judge_aik_probe(const struct engine *e, struct check_result *out);
void judge_aik_enrol(const struct engine *e, struct check_result *out);
bool aik_enrol_wanted(const struct engine_options *o, struct check_result *out);
void judge_endpoints(const struct engine *e, struct check_result *out);

#endif
