/*
 * config_upload.c - the upload keys of preflight.conf: upload_url (https://...
 * or http://...), upload_header = Name: value (up to four; the value is never
 * echoed, it is usually a token), upload_format = raw | splunk-hec,
 * upload_attempts = 1 - 10.
 */
#include "checks/config/config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int complain(config_problem_fn problem, void *ctx, const char *key, const char *why)
{
	return config_problem(problem, ctx, "config: %s %s; the line is ignored", key, why);
}

int config_set_upload(struct config *c, const char *key, const char *value, config_problem_fn problem, void *ctx)
{
	struct upload_settings *u = &c->upload;
	const char *why;
	struct url parsed;
	if (strcasecmp(key, "upload_url") == 0) {
		if (strlen(value) >= sizeof(u->url) || url_parse(value, &parsed, &why) != 0)
			return complain(problem, ctx, key, "is not an http:// or https:// URL");
		snprintf(u->url, sizeof(u->url), "%s", value);
		return 0;
	}
	if (strcasecmp(key, "upload_header") == 0) {
		if (u->header_count >= UPLOAD_HEADERS_MAX)
			return complain(problem, ctx, key, "is given more than four times");
		if (strlen(value) >= UPLOAD_HEADER_LEN || upload_header_check(value, &why) != 0)
			return complain(problem, ctx, key, strlen(value) >= UPLOAD_HEADER_LEN ? "is too long" : why);
		snprintf(u->headers[u->header_count++], UPLOAD_HEADER_LEN, "%s", value);
		return 0;
	}
	if (strcasecmp(key, "upload_format") == 0) {
		if (strcasecmp(value, "raw") != 0 && strcasecmp(value, "splunk-hec") != 0)
			return complain(problem, ctx, key, "is not raw or splunk-hec");
		u->format = strcasecmp(value, "raw") == 0 ? UPLOAD_RAW : UPLOAD_SPLUNK_HEC;
		return 0;
	}
	if (strcasecmp(key, "upload_attempts") == 0) {
		char *end;
		unsigned long n = strtoul(value, &end, 10);
		if (end == value || *end || n < 1 || n > 10)
			return complain(problem, ctx, key, "is not a number from 1 to 10");
		u->attempts = (unsigned)n;
		return 0;
	}
	return 1;
}
