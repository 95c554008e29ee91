/* commands.h - the Linux command's subcommands and what they share. */
#ifndef PREFLIGHT_COMMANDS_H
#define PREFLIGHT_COMMANDS_H
#include "checks/trust/trust_store.h"

enum { EXIT_READY = 0, EXIT_NOT_READY = 1, EXIT_CANNOT_RUN = 2 };
enum { TRUST_FILE_MAX = 32 * 1024 * 1024 };

int cmd_cab_info(int argc, char **argv);
int cmd_ek_verify(int argc, char **argv);
int cmd_report_merge(int argc, char **argv);
int cmd_fetch(int argc, char **argv);
/* Prints "usage: preflight SYNOPSIS" on stderr and returns EXIT_CANNOT_RUN. */
int usage_error(const char *synopsis);
/* Reads and opens a TrustedTpm.cab; on failure puts the reason in why (when given, else on stderr) and returns -1. */
int open_trust_file(const char *path, struct trust_store *t, char *why, size_t why_len);

#endif
