/*
 * cmdline.h - options on the UEFI shell command line: "--KEY VALUE" or
 * "--KEY=VALUE" for every configuration key (dashes become underscores),
 * applied after the config file so the command line wins.
 */
#ifndef PREFLIGHT_CMDLINE_H
#define PREFLIGHT_CMDLINE_H
#include <stdbool.h>
#include "checks/config/config.h"

enum { CMDLINE_ARGS_MAX = 32 };

/* Splits a command line in place at blanks, honouring double quotes. Returns the argument count. */
int cmdline_split(char *line, char **argv, int max);
/* Applies argv[first..argc) to the config; problems go through `problem`. */
void cmdline_apply(struct config *c, int argc, char **argv, int first, config_problem_fn problem, void *ctx);

#endif
