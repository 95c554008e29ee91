/*
 * engine_internal.h - the state the checks share during one run: the TPM
 * context, what was read from it, the EK certificates and their
 * verification. Each check_*.c adds its results to the report.
 */
#ifndef PREFLIGHT_ENGINE_INTERNAL_H
#define PREFLIGHT_ENGINE_INTERNAL_H
#include "engine.h"
#include "ek_verify.h"
#include "tpm_identity.h"
#include "tpm_query.h"

enum { EK_SLOTS_MAX = 12 };

struct ek_slot {
	uint32_t index;           /* the NV index, or the index whose EK template the downloaded certificate is for */
	bool downloaded;          /* from the vendor's service, not from NV */
	size_t len;
	uint8_t data[EK_NV_MAX];
	struct ek_verification v;
};

struct engine {
	struct tpm_connection *conn;
	const struct engine_options *opt;
	struct report *report;
	long long now;                    /* the clock the checks judge by: the network's once it is known */
	uint64_t started_ms;              /* platform_ms() when the run started, when opt->now was read */
	bool stepping;                    /* a step was announced and has not been said finished */
	enum check_id step;
	uint64_t step_ms;
	TSS2_SYS_CONTEXT *sys;
	struct tpm_identity id;
	bool have_permanent;
	uint32_t permanent, startup_clear;
	size_t ek_count;
	struct ek_slot ek[EK_SLOTS_MAX];  /* certificate indices read from NV */
	size_t chain_len;
	uint8_t chain[4 * EK_NV_MAX];     /* 0x01C00100+ concatenated (Intel ODCA, Pluton) */
	struct cert_pool pool;
	struct ek_slot *rsa_ek;           /* the certificate Windows uses (DOMAIN.md 4: the RSA EK) */
};

void engine_step(struct engine *e, enum check_id id);
/* Verifies a certificate slot; the first RSA-2048 one becomes e->rsa_ek (check_ek.c). */
void ek_slot_verify(struct engine *e, struct ek_slot *s);
/* A firmware TPM's EK certificate from its vendor's service (check_ek_download.c): judges r by the answer. */
void ek_download(struct engine *e, struct check_result *r, const char *url);
struct check_result *engine_skip(struct engine *e, enum check_id id, const char *why);

void check_platform(struct engine *e);
void check_tpm_state(struct engine *e);
void check_ek_certificates(struct engine *e);
void check_ek_key(struct engine *e);
void check_advisories(struct engine *e);
void check_activation(struct engine *e);
void check_ek_properties(struct engine *e);
void check_ek_chain_and_aik(struct engine *e);
void check_aik_probe(struct engine *e);
void check_endpoints(struct engine *e);
void check_clock(struct engine *e);
void check_network(struct engine *e);

#endif
