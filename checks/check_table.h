/*
 * check_table.h - the one table that describes every check: stable id,
 * title, what it needs, what Windows error it predicts, the default fix, and
 * the source of the rule. The docs (docs/checks.md) are generated from it by
 * `preflight list-checks`.
 */
#ifndef PREFLIGHT_CHECK_TABLE_H
#define PREFLIGHT_CHECK_TABLE_H

enum check_id {
	CHECK_PLATFORM_INFO,
	CHECK_PLATFORM_SECURE_BOOT,
	CHECK_TPM_EVENT_LOG,
	CHECK_NET_CONNECTION,
	CHECK_CLOCK_SKEW,
	CHECK_TPM_PRESENT,
	CHECK_TPM_IDENTITY,
	CHECK_TPM_SELFTEST,
	CHECK_TPM_VIRTUAL,
	CHECK_TPM_ENDORSEMENT,
	CHECK_TPM_LOCKOUT,
	CHECK_TPM_OWNERSHIP,
	CHECK_TPM_PCR_BANKS,
	CHECK_EK_CERT_PRESENT,
	CHECK_TPM_FIRMWARE,
	CHECK_EK_KEY_MATCH,
	CHECK_EK_ACTIVATION,
	CHECK_EK_CERT_EKU,
	CHECK_EK_CERT_MANUFACTURER,
	CHECK_EK_CERT_VALIDITY,
	CHECK_TRUST_CAB,
	CHECK_EK_CHAIN,
	CHECK_AIK_URL,
	CHECK_AIK_AUTHORITY,
	CHECK_AIK_PROBE,
	CHECK_NET_ENDPOINTS,
	CHECK_COUNT
};

struct check_descriptor {
	enum check_id index;
	const char *id;          /* stable, e.g. "tpm.present" */
	const char *title;
	const char *needs;       /* what the check reads */
	const char *predicts;    /* the Windows symptom when it fails, "" when none */
	const char *remediation; /* the default fix shown with a warn/fail */
	const char *reference;   /* the source of the rule */
};

const struct check_descriptor *check_descriptor(enum check_id id);
const struct check_descriptor *check_descriptor_by_name(const char *id);

#endif
