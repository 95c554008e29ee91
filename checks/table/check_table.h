/*
 * check_table.h - the one table that describes every check: stable id,
 * title, the facts its judge needs, the judge itself, the reasons it can give
 * for a result other than pass with each reason's fix and the Windows error
 * it predicts, and the source of the rule. The table's order is the run order
 * and the report order. The docs (docs/checks.md) are generated from it by
 * `preflight list-checks`.
 */
#ifndef PREFLIGHT_CHECK_TABLE_H
#define PREFLIGHT_CHECK_TABLE_H
#include <stdbool.h>

enum check_id {
	CHECK_CONFIG_FILE,
	CHECK_PLATFORM_INFO,
	CHECK_PLATFORM_SERIAL,
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
	CHECK_AIK_ENROL,
	CHECK_NET_ENDPOINTS,
	CHECK_COUNT
};

/*
 * The facts judges read. The engine gathers each one once, the first time a
 * check in table order needs it; a check whose fact is missing is not judged
 * but skipped (or, when the fact should have been there, an error) with the
 * reason "no-<fact name>" and the cause the collector recorded. FACT_TPM_USABLE
 * is the one fact that can go missing after it was present: the TPM may fall
 * into failure mode in the middle of a run.
 */
enum check_fact {
	FACT_PLATFORM,      /* SMBIOS, Secure Boot, event log: from the front end */
	FACT_NETWORK_SETUP, /* the UEFI application's own network set-up */
	FACT_ONLINE,        /* an HTTP(S) client: the run is not offline */
	FACT_NETWORK_TIME,  /* the network's time (SNTP, HTTP Date) */
	FACT_TPM_ANSWERS,   /* a TPM answered TPM2_GetCapability: its identity */
	FACT_TPM20,         /* ... and it is a TPM 2.0 */
	FACT_TPM_USABLE,    /* ... not in failure mode (TPM2_GetTestResult; TPM_RC_FAILURE to any command on the way) */
	FACT_TPM_STATE,     /* TPM_PT_PERMANENT and TPM_PT_STARTUP_CLEAR */
	FACT_EK_INVENTORY,  /* the EK certificates: NV, or a firmware TPM's vendor service */
	FACT_RSA_EK,        /* among them, the RSA-2048 certificate Windows uses */
	FACT_EK_KEY,        /* the RSA EK loaded for use: persistent, or made once per run by TPM2_CreatePrimary */
	FACT_TRUST_STORE,   /* TrustedTpm.cab */
	FACT_AIK_ID,        /* the AIK CA id Windows derives from the RSA EK certificate */
	FACT_COUNT
};
#define NEEDS(fact) (1u << (fact))

/* Why a check did not pass, and what follows from it. */
struct check_reason {
	const char *id;          /* stable within its check: "no-nv-index" -> "ek.cert.present/no-nv-index" */
	const char *remediation; /* the fix shown with a warn, fail or error for this reason */
	const char *predicts;    /* the Windows error(s) it predicts, "" when none */
	bool from_data;          /* the fix and prediction come with the finding (a firmware advisory's own) */
};

struct engine;
struct engine_options;
struct check_result;
typedef void (*check_judge_fn)(const struct engine *e, struct check_result *out);
/* An opt-in check's gate: false when the run did not ask for the check, with `out` saying how to ask. */
typedef bool (*check_wanted_fn)(const struct engine_options *o, struct check_result *out);

struct check_descriptor {
	enum check_id index;
	const char *id;          /* stable, e.g. "tpm.present" */
	const char *title;
	const char *needs;       /* what the check reads, in words */
	unsigned facts;          /* NEEDS(FACT_...) bits */
	check_judge_fn judge;
	const struct check_reason *reasons; /* ends with an entry whose id is NULL */
	const char *reference;   /* the source of the rule */
	unsigned gathers;        /* facts gathered before judging that the check judges the absence of itself */
	check_wanted_fn wanted;  /* NULL, or an opt-in check's gate: asked before any fact is gathered */
};

const struct check_descriptor *check_descriptor(enum check_id id);
const struct check_descriptor *check_descriptor_by_name(const char *id);
/* The reason of a check by its id; NULL when the check has no such reason. */
const struct check_reason *check_reason(const struct check_descriptor *d, const char *reason);
/* The reason a check gets when the fact it needs is missing ("no-trusted-cab"). */
const struct check_reason *check_missing_fact_reason(enum check_fact f);
const char *check_fact_name(enum check_fact f);

#endif
