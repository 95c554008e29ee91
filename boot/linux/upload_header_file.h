/*
 * upload_header_file.h - `--upload-header-file FILE`: the upload's extra
 * headers (an Authorization token) read from a file, so they are not on the
 * command line, where every user of the machine can read them (ps,
 * /proc/PID/cmdline, proc(5)).
 */
#ifndef PREFLIGHT_UPLOAD_HEADER_FILE_H
#define PREFLIGHT_UPLOAD_HEADER_FILE_H
#include "checks/config/config.h"

/* Adds each "Name: value" line of path to c's upload headers, as --upload-header would. Blank lines and lines that
 * start with '#' are skipped; CRLF line ends are accepted. A bad line is named by its number, never shown. A file
 * that other users may read is accepted with a warning. Returns 0, or -1 after telling problem why. */
int upload_header_file(struct config *c, const char *path, config_problem_fn problem, void *ctx);

#endif
