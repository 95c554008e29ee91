/*
 * config.h - settings from \preflight\preflight.conf (INI: [section] lines,
 * key = value, # or ; comments) and from the command line. Every key is
 * optional; a bad line is reported and its default kept (docs/config.md).
 */
#ifndef PREFLIGHT_CONFIG_H
#define PREFLIGHT_CONFIG_H
#include <stdbool.h>
#include <stddef.h>
#include "checks/table/check_table.h"
#include "net/network_settings.h"
#include "checks/report/report_upload.h"
#include "tpmdrv/tpm_connection.h"
#include "checks/tpm/tpm_ak_template.h"

/* hold: the verdict full screen, in its colour, until a key or key_timeout, then power off (docs/factory.md) */
enum finish_action { FINISH_KEY, FINISH_SHUTDOWN, FINISH_REBOOT, FINISH_EXIT, FINISH_HOLD, FINISH_COUNT };
enum run_mode { MODE_INTERACTIVE, MODE_FACTORY };

typedef void (*config_problem_fn)(void *ctx, const char *message);
/* Formats one problem with a setting and hands it to `problem` (when set); returns -1 for the caller to return. */
int config_problem(config_problem_fn problem, void *ctx, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * What a message may show of text that did not parse: a line or key can hold a token or a password (an
 * Authorization header, a proxy URL with user:password), so only a prefix that cannot carry one is shown.
 * config_key_excerpt keeps the leading [a-z_] characters (how keys are written), config_value_excerpt those of
 * numbers, names, addresses and paths (letters, digits and . _ , / \ -; no blanks, ':' or '@'); both stop after 32 and add
 * "..." when they cut. out holds CONFIG_EXCERPT_LEN bytes.
 */
enum { CONFIG_EXCERPT_LEN = 40 };
const char *config_key_excerpt(const char *text, char out[CONFIG_EXCERPT_LEN]);
const char *config_value_excerpt(const char *text, char out[CONFIG_EXCERPT_LEN]);

struct config {
	enum run_mode mode;
	enum transport_choice transport;
	enum finish_action finish;
	bool finish_set;        /* finish was given explicitly */
	/* factory mode: the finish after a READY (with or without warnings) and after a NOT READY; both default to
	 * finish, e.g. finish_pass = shutdown, finish_fail = hold (the line sees the failing unit's verdict) */
	enum finish_action finish_pass, finish_fail;
	bool finish_pass_set, finish_fail_set;
	unsigned time_limit_s;  /* factory mode: the firmware watchdog resets a unit that runs longer */
	unsigned key_timeout_s; /* FINISH_KEY: shut down after this long without a key */
	bool virtual_tpm_warn;  /* virtual_tpm = warn: a virtual TPM is a warning (test images) */
	enum ak_kind activation_key; /* ek.activation's attestation key: ecc (default) or rsa, Windows' own AIK */
	unsigned clock_warn_s, clock_fail_s; /* clock.skew thresholds */
	bool strict[CHECK_COUNT]; /* strict = ...: these checks' warnings count as failures (report_strict.h) */
	struct net_settings network;
	char trust_file[120];   /* TrustedTpm.cab on the stick */
	bool refresh_cab;       /* online: ask Microsoft for a newer cab and save it beside */
	bool aik_enrol;         /* aik_enrol = on: enrol with Microsoft's AIK service (aik.enrolment; off by default) */
	bool beep;              /* beep = on: the verdict as tones (checks/report/beep_pattern.h) */
	unsigned cab_max_age_days; /* trust.cab warns when the cab is older than this */
	/* shim stick: at the end of the run, delete this stick's MOK from MokList (a firmware variable write, never
	 * a TPM write; docs/secure-boot.md) */
	bool mok_cleanup;
	char ca_bundle[120];    /* the TLS trust anchors on the stick (PEM) */
	struct upload_settings upload;
};

/* The network keys (config_network.c): 0 set, -1 bad value (reported), 1 not a network key. */
int config_set_network(struct config *c, const char *key, const char *value, config_problem_fn problem, void *ctx);
/* The upload keys (config_upload.c), the same way. */
int config_set_upload(struct config *c, const char *key, const char *value, config_problem_fn problem, void *ctx);

void config_defaults(struct config *c);
/* Sets one key; returns 0, or -1 with a message through `problem`. */
int config_set(struct config *c, const char *key, const char *value, config_problem_fn problem, void *ctx);
/* Applies what the mode implies once all settings are in (factory: no key waits, shut down by default). */
void config_finish(struct config *c, config_problem_fn problem, void *ctx);
/* Parses a whole file's text (need not be NUL-terminated); reports each bad line with its number. */
void config_parse(struct config *c, const char *text, size_t len, config_problem_fn problem, void *ctx);

/* The settings a report names (report_run_begin), as "key=value" words: the mode, finishes, strictness, TPM and
 * network choices; never a secret (no proxy, header or URL - only whether an upload is configured). */
void config_describe(const struct config *c, char *out, size_t len);

const char *finish_action_name(enum finish_action f);
const char *run_mode_name(enum run_mode m);

enum { CONFIG_FILE_MAX = 64 * 1024 };

#endif
