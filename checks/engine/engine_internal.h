/*
 * engine_internal.h - what one run knows. Collectors (engine_facts.c,
 * ek_inventory.c, ek_key.c, network_time.c) gather each fact once, the first time a
 * check needs it; judges (check_*.c, named by the check table) read the
 * facts through a const engine and fill in one outcome each, which the
 * engine commits. No judge changes what another reads.
 */
#ifndef PREFLIGHT_ENGINE_INTERNAL_H
#define PREFLIGHT_ENGINE_INTERNAL_H
#include "checks/engine/engine.h"
#include "checks/table/check_judges.h"
#include "checks/ekcert/ek_verify.h"
#include "checks/tpm/tpm_identity.h"
#include "checks/tpm/tpm_query.h"
#include "tpmdrv/tcti_transport.h"

enum { EK_SLOTS_MAX = 12, FACT_WHY_MAX = 240 };

struct fact_state {
	bool gathered, present;
	enum check_status missing_status; /* skip, or error when the fact should have been there */
	char why[FACT_WHY_MAX];           /* the cause, with the TPM command and response code when there is one */
	enum check_fact cause;            /* the fact whose reason a missing one gives: itself, or the one it builds on */
	const struct check_result *evidence; /* evidence of the cause for the outcomes it makes, or NULL */
};

struct ek_slot {
	uint32_t index;           /* the NV index, or the index whose EK template the downloaded certificate is for */
	bool downloaded;          /* from the vendor's service, not from NV */
	size_t len;
	uint8_t data[EK_NV_MAX];
	struct ek_verification v;
};

/* A firmware TPM without an NV certificate: where Windows would download it and, online, what the service said. */
struct ek_download {
	bool url_known, attempted;
	char url[200];
	char note[200];            /* why no URL (Qualcomm), or how the request failed */
	char code[FAILURE_CODE_MAX]; /* the failed request's code (net/failure_code.h) */
	int http_status;           /* 0 when no answer came */
	char reason_phrase[64];
	bool decoded;              /* a certificate came back and was kept in a slot */
	char undecodable[160];     /* the answer came but held no certificate: why */
	struct ek_slot *slot;
};

/*
 * The RSA EK every check that uses the key shares (ek.key.match, ek.activation): the persistent one, or one
 * TPM2_CreatePrimary per run with the TCG template - an RSA-2048 key generation, seconds on a discrete TPM.
 * A transient copy stays loaded until release_tpm flushes it.
 */
struct ek_key {
	uint32_t index;           /* the certificate index whose template a created EK has */
	uint32_t handle;
	bool transient;           /* made by TPM2_CreatePrimary: flushed when the TPM is released */
	TPM2B_PUBLIC pub;
	TSS2_RC rc;               /* why it could not be had, when the fact is missing */
	uint64_t ms;              /* how long reading or creating it took */
};

struct clock_reading {
	bool ok;
	long long network_ms, local_ms; /* both as Unix milliseconds */
	char source[300];
	char problem[240];
	char code[FAILURE_CODE_MAX];    /* the problem's code (net/failure_code.h) */
};

struct engine {
	struct tpm_connection *conn;
	const struct engine_options *opt;
	struct report *report;
	uint64_t started_ms;              /* platform_ms() when the run started, when opt->now was read */
	bool stepping;                    /* a step was announced and has not been said finished */
	enum check_id step;
	uint64_t step_ms;
	struct fact_state facts[FACT_COUNT];
	/* FACT_NETWORK_TIME */
	struct clock_reading ntp, http, *best;
	bool local_zone;                  /* the clock is off by a time zone's offset: it holds local time, as Windows keeps it */
	int zone_minutes;                 /* that offset, minutes east of UTC */
	long long now;                    /* the clock validity is judged by: the network's when the local one is off */
	/* FACT_TPM_ANSWERS, FACT_TPM20 */
	TSS2_TCTI_CONTEXT *tcti;
	TSS2_SYS_CONTEXT *sys;
	TSS2_RC identity_rc;
	bool tpm12, no_memory;
	struct tpm_identity id;
	/* FACT_TPM_USABLE: TPM2_GetTestResult, asked for the self-test and once more when failure mode shows */
	bool test_asked, failure_mode;
	TSS2_RC test_rc;
	TPM2_RC test_result;
	TPM2B_MAX_BUFFER test_data;       /* outData: the vendor's failure information */
	uint32_t failure_cc;              /* the command the TPM answered TPM_RC_FAILURE, 0 when GetTestResult told */
	struct check_result failure_notes; /* evidence shown with every outcome failure mode makes */
	/* FACT_TPM_STATE: TPM_PT_PERMANENT ... TPM_PT_LOCKOUT_RECOVERY, read in one TPM2_GetCapability */
	uint32_t permanent, startup_clear;
	uint32_t lockout_counter, max_auth_fail, lockout_interval, lockout_recovery;
	/* FACT_EK_INVENTORY, FACT_RSA_EK */
	TSS2_RC nv_list_rc;
	char nv_list_code[TRANSPORT_CODE_MAX]; /* the transport failure behind nv_list_rc, if any */
	struct check_result nv_notes;     /* evidence gathered while reading NV, shown by ek.cert.present */
	char ek_read_failed[200];         /* the first EK certificate index whose reading the TPM failed, and how */
	char ek_read_failed_code[TRANSPORT_CODE_MAX];
	size_t ek_count;
	struct ek_slot ek[EK_SLOTS_MAX];  /* certificate indices read from NV, and a downloaded one */
	size_t chain_len;
	uint8_t chain[4 * EK_NV_MAX];     /* 0x01C00100+ concatenated (Intel ODCA, Pluton) */
	struct cert_pool pool;
	struct ek_slot *rsa_ek;           /* the certificate Windows uses: the RSA-2048 EK's */
	struct ek_download download;
	/* FACT_EK_KEY */
	struct ek_key ek_key;
};

/* Gathers a fact if it has not been (collectors may ask for the facts they build on); true when present. */
bool engine_fact(struct engine *e, enum check_fact f);
/* A progress line about the slow part of the step in progress (key generation, a download), under its check id. */
void engine_say(const struct engine *e, const char *what);
/* Records a missing fact with its cause. */
void fact_missing(struct engine *e, enum check_fact f, enum check_status status, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The collectors. Each sets its fact present or records why it is missing. */
void collect_tpm(struct engine *e);
void collect_tpm_state(struct engine *e);
void collect_tpm_usable(struct engine *e);
/*
 * Is the TPM in failure mode? Notices a TPM_RC_FAILURE any command got since it was last asked (the TCTI keeps
 * it), then asks TPM2_GetTestResult once for the record and makes FACT_TPM_USABLE missing.
 */
bool engine_failure_mode(struct engine *e);
/* The TPM warnings resent so far (tpmdrv/tcti_transport.h), zero without a TPM context. */
void engine_retry_stats(const struct engine *e, struct tcti_retry_stats *out);
void collect_ek_inventory(struct engine *e);
void collect_network_time(struct engine *e);
/* FACT_EK_KEY (ek_key.c): the persistent RSA EK, or a transient one made once; builds on FACT_EK_INVENTORY. */
void collect_ek_key(struct engine *e);
/* Flushes a transient EK (release_tpm). */
void ek_key_release(struct engine *e);
/* The TPM context is the engine's: released when the run ends. */
void release_tpm(struct engine *e);

/* Verifies a certificate slot; the first RSA-2048 one becomes e->rsa_ek (ek_inventory.c). */
void ek_slot_verify(struct engine *e, struct ek_slot *s);
/* A firmware TPM's EK certificate from its vendor's service (ek_download.c). */
void ek_download(struct engine *e);
/* A firmware TPM (Intel, AMD, Qualcomm) that keeps its EK certificate on the vendor's service. */
bool ek_firmware_tpm(const char *manufacturer);
/* An Intel PTT whose endorsement seed was regenerated: it can no longer be certified. */
bool ek_intel_eps_regenerated(const struct engine *e);
/*
 * The code of the transport failure behind a TCTI-layer response code (tpmdrv/tcti_transport.h: the last
 * exchange that failed), "" for a response code of any other layer; docs/transports.md lists the codes.
 */
const char *engine_transport_code(const struct engine *e, TSS2_RC rc);
/* Shows that code, when there is one, as the outcome's evidence failure_code. */
void evidence_transport_code(const struct engine *e, TSS2_RC rc, struct check_result *out);
/* Copies the evidence of a bag into an outcome. */
void outcome_copy_evidence(struct check_result *to, const struct check_result *from);

#endif
