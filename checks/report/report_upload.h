/*
 * report_upload.h - sending the JSON report to a collector (factory mode and
 * test stations): POST over HTTPS with configured headers (an Authorization
 * token, never shown), retries with back-off when the collector or the
 * network fails, a local copy on the stick either way (written before).
 */
#ifndef PREFLIGHT_REPORT_UPLOAD_H
#define PREFLIGHT_REPORT_UPLOAD_H
#include "net/http_client.h"

enum upload_format { UPLOAD_RAW, UPLOAD_SPLUNK_HEC };
enum { UPLOAD_HEADERS_MAX = 4, UPLOAD_HEADER_LEN = 300 };

struct upload_settings {
	char url[300];                                      /* "" for no upload */
	char headers[UPLOAD_HEADERS_MAX][UPLOAD_HEADER_LEN]; /* "Name: value" */
	int header_count;
	enum upload_format format;                          /* raw: the report as is; splunk-hec: {"event": report} */
	unsigned attempts;                                  /* 1 - 10 */
};

struct upload_io {
	int (*send)(const char *url, const struct http_options *o, const struct http_body *b, struct http_result *r);
	void (*sleep_ms)(uint32_t ms);
	void (*say)(const char *line); /* one progress line per attempt */
};

void upload_settings_defaults(struct upload_settings *u);
/* Checks one "Name: value" header (RFC 9110 5.1 token name, no CR/LF); 0 or -1 with a reason that never
 * contains the value. */
int upload_header_check(const char *header, const char **why);
/* Posts json; 0 when the collector answered 2xx, else -1. outcome says what happened, without secrets. */
int report_upload(const struct upload_settings *u, const struct http_options *o, const struct upload_io *io,
		  const char *json, size_t len, char *outcome, size_t outcome_len);
const char *upload_format_name(enum upload_format f);

#endif
