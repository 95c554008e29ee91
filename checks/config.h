/*
 * config.h - settings from \preflight\preflight.conf (INI: [section] lines,
 * key = value, # or ; comments) and from the command line. Every key is
 * optional; a bad line is reported and its default kept (docs/config.md).
 */
#ifndef PREFLIGHT_CONFIG_H
#define PREFLIGHT_CONFIG_H
#include <stdbool.h>
#include <stddef.h>

enum transport_choice { CHOOSE_AUTO, CHOOSE_CRB, CHOOSE_TIS, CHOOSE_TCG2 };
enum finish_action { FINISH_KEY, FINISH_SHUTDOWN, FINISH_REBOOT, FINISH_EXIT };

struct config {
	enum transport_choice transport;
	enum finish_action finish;
	unsigned key_timeout_s; /* FINISH_KEY: shut down after this long without a key */
	bool virtual_tpm_warn;  /* virtual_tpm = warn: a virtual TPM is a warning (test images) */
};

typedef void (*config_problem_fn)(void *ctx, const char *message);

void config_defaults(struct config *c);
/* Sets one key; returns 0, or -1 with a message through `problem`. */
int config_set(struct config *c, const char *key, const char *value, config_problem_fn problem, void *ctx);
/* Parses a whole file's text (need not be NUL-terminated); reports each bad line with its number. */
void config_parse(struct config *c, const char *text, size_t len, config_problem_fn problem, void *ctx);

const char *transport_choice_name(enum transport_choice t);
const char *finish_action_name(enum finish_action f);

enum { CONFIG_FILE_MAX = 64 * 1024 };

#endif
