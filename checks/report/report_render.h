/*
 * report_render.h - the report as text (screen, serial console, .txt) and as
 * JSON (.json on the stick, --json on Linux; schema in docs/report-schema.md).
 */
#ifndef PREFLIGHT_REPORT_RENDER_H
#define PREFLIGHT_REPORT_RENDER_H
#include "checks/report/report.h"
#include "checks/util/strbuf.h"

/* Every line starts with a stable tag (PREFLIGHT, CHECK, EVIDENCE, DETAILS, FIX, PREDICTS, NOTE, VERDICT). */
void report_render_text(const struct report *r, struct strbuf *out);
void report_render_json(const struct report *r, struct strbuf *out);

#define REPORT_SCHEMA "tpm-preflight/report/2"

#endif
