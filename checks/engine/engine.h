/*
 * engine.h - runs the checks against one TPM connection and fills the
 * report. The engine knows nothing of UEFI or Linux: the front end opens the
 * transport (or says why it could not) and hands it over here.
 */
#ifndef PREFLIGHT_ENGINE_H
#define PREFLIGHT_ENGINE_H
#include <stdbool.h>
#include "checks/report/report.h"
#include "tpmdrv/tpm_connection.h"
#include "net/http_client.h"
#include "net/net_probe.h"
#include "net/sntp_client.h"
#include "checks/tpm/tpm_ak_template.h"

/* Progress callback: the engine names each step as it starts (slow ones say so). */
typedef void (*engine_progress_fn)(const char *check_id, const char *title);
/* ... and says how each step ended: its status ("pass", "warn" ...) and how long it took. */
typedef void (*engine_finished_fn)(const char *check_id, const char *status, unsigned elapsed_ms);

struct trust_store;
struct platform_facts;
struct network_facts;

struct engine_options {
	const struct trust_store *store; /* TrustedTpm.cab, or NULL */
	char store_problem[200];         /* why there is none (not found, unreadable, corrupt) */
	bool store_given;                /* a cab was supplied but is unusable: a failure, not a warning */
	char store_name[120];            /* where it came from */
	char store_refresh[300];         /* what an online refresh of the cab did, "" when none was tried */
	char store_skipped[200];         /* newer cabs on the stick that were not used, and why ("" when none) */
	long long now;                   /* Unix time the checks judge validity by */
	bool virtual_tpm_warn;           /* test images: a virtual TPM is a warning, not a failure */
	enum ak_kind activation_key;     /* ek.activation's attestation key: ECC P-256 (default), or Windows' RSA-2048 */
	bool aik_enrol;                  /* aik.enrolment: enrol with Microsoft's AIK service (opt-in, off by default) */
	const char *extra_advisories;    /* a site's advisory rows (firmware_advisories.tsv format), or NULL */
	size_t extra_advisories_len;
	const struct platform_facts *platform; /* gathered by the front end, or NULL */
	/* The network, when this front end has one and the run is not offline: the HTTP(S) client and its limits. */
	int (*fetch)(const char *url, const struct http_options *options, struct http_result *result);
	/* ... and a request with a body (POST: the AIK enrolment's SCEP messages), NULL when the front end has none */
	int (*send)(const char *url, const struct http_options *options, const struct http_body *body,
		    struct http_result *result);
	struct http_options http;
	int (*probe)(const char *const *hosts, int count, const struct http_options *options, struct probe_result *out);
	char offline_reason[300];        /* why there are no online checks, when fetch is NULL */
	/* The configuration: where it came from (NULL when the front end has no file: Linux's bad options stop it before
	 * the run), the settings that could not be used (each message shows no secret: config_excerpt.c), and whether
	 * this is a factory run, where a setting the line did not get makes the unit NOT READY. */
	const char *config_source;
	const char *const *config_problems;
	int config_problem_count;
	bool factory_mode;
	const struct network_facts *network; /* the UEFI application's own network set-up, NULL when it has none */
	unsigned clock_warn_s, clock_fail_s; /* clock.skew thresholds (defaults 120 s and 300 s) */
	unsigned cab_max_age_days;       /* trust.cab: older than this against the checked clock warns (default 90) */
	const char *clock_url;           /* an HTTP endpoint whose Date header tells the time */
	/* SNTP (RFC 4330), when this front end can: the server (HOST[:PORT]) and the client */
	const char *sntp_server;
	int (*sntp)(const char *server, unsigned timeout_ms, struct sntp_result *result);
	engine_progress_fn progress;
	engine_finished_fn finished;
};

void engine_options_init(struct engine_options *o, long long now);
void engine_run(struct tpm_connection *conn, const struct engine_options *options, struct report *report);

#endif
