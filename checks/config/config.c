/* config.c - the INI configuration: parse, validate, fall back to defaults with a message. */
#include "checks/config/config.h"
#include "checks/report/report_strict.h"
#include "checks/trust/trust_store.h"
#include "checks/util/text_lines.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void config_defaults(struct config *c)
{
	c->mode = MODE_INTERACTIVE;
	c->transport = CHOOSE_AUTO;
	c->finish = FINISH_KEY;
	c->finish_set = false;
	c->finish_pass = c->finish_fail = FINISH_KEY; /* factory mode gives them finish's value (config_finish) */
	c->finish_pass_set = c->finish_fail_set = false;
	c->time_limit_s = 900;
	c->clock_warn_s = 120;
	c->clock_fail_s = 300;
	c->key_timeout_s = 600;
	c->virtual_tpm_warn = false;
	c->activation_key = AK_ECC_P256;
	c->refresh_cab = true;
	c->aik_enrol = false; /* opt-in: it sends the EK certificate to Microsoft (docs/network.md) */
	c->mok_cleanup = false;
	c->beep = false;
	c->cab_max_age_days = TRUST_CAB_MAX_AGE_DAYS;
	upload_settings_defaults(&c->upload);
	memset(c->strict, 0, sizeof(c->strict));
	memset(&c->network, 0, sizeof(c->network));
	c->network.mode = NET_MODE_DHCP;
	c->network.dhcp_ms = 15000;
	c->network.link_wait_ms = 5000; /* Ethernet auto-negotiation takes a few seconds after the NIC starts */
	snprintf(c->network.ntp_server, sizeof(c->network.ntp_server), "time.windows.com");
	snprintf(c->trust_file, sizeof(c->trust_file), "\\preflight\\TrustedTpm.cab");
	snprintf(c->ca_bundle, sizeof(c->ca_bundle), "\\preflight\\ca-bundle.pem");
}

static const char *const finish_names[FINISH_COUNT] = { "key", "shutdown", "reboot", "exit", "hold" };
static const char *const mode_names[] = { "interactive", "factory" };
static const char *const fail_warn[] = { "fail", "warn" }, *const off_on[] = { "off", "on" }; /* two-way choices */

const char *finish_action_name(enum finish_action f) { return (unsigned)f < FINISH_COUNT ? finish_names[f] : "?"; }
const char *run_mode_name(enum run_mode m) { return mode_names[m]; }

static int lookup(const char *value, const char *const *names, int count)
{
	for (int i = 0; i < count; i++)
		if (strcasecmp(value, names[i]) == 0)
			return i;
	return -1;
}

int config_problem(config_problem_fn problem, void *ctx, const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (problem)
		problem(ctx, msg);
	return -1;
}

/* A whole number from 1 to max, in `unit` ("seconds", "days"); a bad one keeps the default and says so. */
static int set_number(unsigned *out, unsigned max, const char *unit, const char *key, const char *value,
		      config_problem_fn problem, void *ctx)
{
	char *end;
	unsigned long long v = strtoull(value, &end, 10);
	char shown[CONFIG_EXCERPT_LEN];
	if (end == value || *end || v == 0 || v > max) {
		config_problem(problem, ctx, "config: %s = \"%s\" is not a number of %s from 1 to %u; using the default",
			       key, config_value_excerpt(value, shown), unit, max);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

static int set_seconds(unsigned *out, const char *key, const char *value, config_problem_fn problem, void *ctx)
{
	return set_number(out, 86400, "seconds", key, value, problem, ctx);
}

/* The keys whose value is off or on. */
static bool *on_off_field(struct config *c, const char *key)
{
	const struct { const char *key; bool *field; } flags[] = {
		{ "refresh_cab", &c->refresh_cab }, { "mok_cleanup", &c->mok_cleanup }, { "beep", &c->beep },
		{ "aik_enrol", &c->aik_enrol },
	};
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (strcasecmp(key, flags[i].key) == 0)
			return flags[i].field;
	return NULL;
}

int config_set(struct config *c, const char *key, const char *value, config_problem_fn problem, void *ctx)
{
	int i;
	char shown[CONFIG_EXCERPT_LEN];
	if (strcasecmp(key, "transport") == 0) {
		if ((i = lookup(value, transport_choice_names, CHOOSE_COUNT)) < 0)
			goto bad_value;
		c->transport = (enum transport_choice)i;
		return 0;
	}
	if (strcasecmp(key, "finish") == 0) {
		if ((i = lookup(value, finish_names, FINISH_COUNT)) < 0)
			goto bad_value;
		c->finish = (enum finish_action)i;
		c->finish_set = true;
		return 0;
	}
	if (strcasecmp(key, "finish_pass") == 0 || strcasecmp(key, "finish_fail") == 0) {
		bool pass = strcasecmp(key, "finish_pass") == 0;
		if ((i = lookup(value, finish_names, FINISH_COUNT)) < 0 || i == FINISH_KEY)
			goto bad_value; /* the result screen's keys are the bench's, not the line's */
		*(pass ? &c->finish_pass : &c->finish_fail) = (enum finish_action)i;
		*(pass ? &c->finish_pass_set : &c->finish_fail_set) = true;
		return 0;
	}
	if (strcasecmp(key, "mode") == 0) {
		if ((i = lookup(value, mode_names, 2)) < 0)
			goto bad_value;
		c->mode = (enum run_mode)i;
		return 0;
	}
	if (strcasecmp(key, "time_limit") == 0)
		return set_seconds(&c->time_limit_s, key, value, problem, ctx);
	if (strcasecmp(key, "virtual_tpm") == 0) {
		if ((i = lookup(value, fail_warn, 2)) < 0)
			goto bad_value;
		c->virtual_tpm_warn = i == 1;
		return 0;
	}
	if (strcasecmp(key, "activation_key") == 0) {
		if ((i = lookup(value, ak_kind_names, AK_KIND_COUNT)) < 0)
			goto bad_value;
		c->activation_key = (enum ak_kind)i;
		return 0;
	}
	if (strcasecmp(key, "clock_warn") == 0)
		return set_seconds(&c->clock_warn_s, key, value, problem, ctx);
	if (strcasecmp(key, "clock_fail") == 0)
		return set_seconds(&c->clock_fail_s, key, value, problem, ctx);
	if (strcasecmp(key, "key_timeout") == 0)
		return set_seconds(&c->key_timeout_s, key, value, problem, ctx);
	bool *flag = on_off_field(c, key);
	if (flag) {
		if ((i = lookup(value, off_on, 2)) < 0)
			goto bad_value;
		*flag = i == 1;
		return 0;
	}
	if (strcasecmp(key, "cab_max_age_days") == 0)
		return set_number(&c->cab_max_age_days, 3650, "days", key, value, problem, ctx);
	if (strcasecmp(key, "trust_file") == 0 || strcasecmp(key, "ca_bundle") == 0) {
		char *path = strcasecmp(key, "trust_file") == 0 ? c->trust_file : c->ca_bundle;
		if (value[0] != '\\' || strlen(value) >= sizeof(c->trust_file))
			goto bad_value; /* a path on the stick, like \\preflight\\TrustedTpm.cab */
		snprintf(path, sizeof(c->trust_file), "%s", value);
		return 0;
	}
	if (strcasecmp(key, "strict") == 0) {
		char bad[64];
		if (strict_parse(value, c->strict, bad, sizeof(bad)) == 0)
			return 0;
		config_problem(problem, ctx, "config: strict: \"%s\" is not a check id (preflight list-checks names them); "
			       "the line is ignored", config_value_excerpt(bad, shown));
		return -1;
	}
	if ((i = config_set_network(c, key, value, problem, ctx)) != 1 || (i = config_set_upload(c, key, value, problem, ctx)) != 1)
		return i;
	config_problem(problem, ctx, "config: unknown key \"%s\" ignored", config_key_excerpt(key, shown));
	return -1;
bad_value:
	config_problem(problem, ctx, "config: %s = \"%s\" is not a valid value; using the default", key,
		       config_value_excerpt(value, shown));
	return -1;
}

void config_finish(struct config *c, config_problem_fn problem, void *ctx)
{
	if (c->mode != MODE_FACTORY)
		return;
	if (!c->finish_set)
		c->finish = FINISH_SHUTDOWN; /* a test station sees the unit power off */
	if (c->finish == FINISH_KEY) {
		config_problem(problem, ctx, "config: finish = key is not possible in factory mode (no one presses keys); shutting down");
		c->finish = FINISH_SHUTDOWN;
	}
	if (!c->finish_pass_set)
		c->finish_pass = c->finish;
	if (!c->finish_fail_set)
		c->finish_fail = c->finish;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = 0;
	return s;
}

static void parse_line(struct config *c, char *line, int number, config_problem_fn problem, void *ctx)
{
	char *s = trim(line);
	if (!*s || *s == '#' || *s == ';' || *s == '[')
		return;
	char *eq = strchr(s, '=');
	if (!eq) {
		char shown[CONFIG_EXCERPT_LEN];
		config_problem(problem, ctx, "config: line %d has no '=' (it starts \"%s\"); ignored: write key = value", number,
			       config_key_excerpt(s, shown));
		return;
	}
	*eq = 0;
	char *key = trim(s), *value = trim(eq + 1);
	if (!*key) {
		config_problem(problem, ctx, "config: line %d has no key; ignored", number);
		return;
	}
	config_set(c, key, value, problem, ctx);
}

void config_parse(struct config *c, const char *text, size_t len, config_problem_fn problem, void *ctx)
{
	if (len > CONFIG_FILE_MAX) {
		config_problem(problem, ctx, "config: the file is larger than %d bytes; only the start is read", CONFIG_FILE_MAX);
		len = CONFIG_FILE_MAX;
	}
	char line[512];
	bool had_nul;
	struct text_lines lines;
	text_lines_init(&lines, text, len);
	while (text_lines_next(&lines, line, sizeof(line), &had_nul)) {
		if (had_nul)
			config_problem(problem, ctx, "config: line %d contains a NUL byte; read up to it", lines.number);
		parse_line(c, line, lines.number, problem, ctx);
	}
}
