/*
 * check_config.c - config.file: the settings that could not be used. A
 * setting dropped for a typo (a strict line naming no check, a value out of
 * range) changes what the run means, so it is a finding, not only a note:
 * a warning at the bench, a failure in factory mode, where the line's plan
 * must hold (docs/config.md).
 */
#include "checks/engine/engine_internal.h"
#include <stdio.h>

void judge_config_file(const struct engine *e, struct check_result *r)
{
	const struct engine_options *o = e->opt;
	if (!o->config_source) {
		outcome_set(r, CHECK_SKIP, "no-config-file", "Skipped: no configuration file here (a bad option stops the "
			    "command before the run)");
		return;
	}
	if (!o->config_problem_count) {
		outcome_set(r, CHECK_PASS, NULL, "%s and the command line read without problems", o->config_source);
		return;
	}
	outcome_set(r, o->factory_mode ? CHECK_FAIL : CHECK_WARN,
		    o->factory_mode ? "factory-settings-ignored" : "settings-ignored",
		    "%d setting(s) could not be used%s; their defaults stood in", o->config_problem_count,
		    o->factory_mode ? " in a factory run" : "");
	result_details(r, "%s", o->config_problems[0]);
	for (int i = 0; i < o->config_problem_count; i++)
		result_evidence(r, "problem", "%s", o->config_problems[i]);
	result_evidence(r, "file", "%s", o->config_source);
}
