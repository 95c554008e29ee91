/*
 * report_upload.c - see report_upload.h. A failed attempt is retried when a
 * later one can succeed: the network failed, or the collector answered 5xx
 * or 429 (RFC 9110 15.6, RFC 6585 4); 4xx is a configuration problem and is
 * reported at once. The waits double from 2 s (capped at 30 s).
 * Splunk's HTTP Event Collector takes {"event": ...} (Splunk docs, "Format
 * events for HTTP Event Collector").
 */
#include "checks/report/report_upload.h"
#include "checks/util/strbuf.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { FIRST_WAIT_MS = 2000, LONGEST_WAIT_MS = 30000 };

void upload_settings_defaults(struct upload_settings *u)
{
	memset(u, 0, sizeof(*u));
	u->attempts = 3;
	u->format = UPLOAD_RAW;
}

const char *upload_format_name(enum upload_format f)
{
	return f == UPLOAD_SPLUNK_HEC ? "splunk-hec" : "raw";
}

int upload_header_check(const char *header, const char **why)
{
	const char *colon = strchr(header, ':');
	if (!colon || colon == header) {
		*why = "is not \"Name: value\"";
		return -1;
	}
	for (const char *p = header; p < colon; p++)
		if (!isalnum((unsigned char)*p) && !strchr("!#$%&'*+-.^_`|~", *p)) {
			*why = "has a header name with characters HTTP does not allow";
			return -1;
		}
	if (header[strcspn(header, "\r\n")]) {
		*why = "contains a line break";
		return -1;
	}
	return 0;
}

/* A refused redirect or a bad URL stays so on the next attempt: like a 4xx, it is a configuration problem. */
static bool worth_retrying(int rc, const struct http_result *r)
{
	if (rc != 0)
		return r->failed != HTTP_REDIRECTS && r->failed != HTTP_URL;
	return r->head.status >= 500 || r->head.status == 429;
}

static int attempt(const struct upload_settings *u, const struct http_options *o, const struct upload_io *io,
		   const struct http_body *b, unsigned n, char *outcome, size_t outcome_len, bool *retry)
{
	struct http_result r;
	char line[400], excerpt[81]; /* the collector's answer, its first line up to 80 characters */
	int rc = io->send(u->url, o, b, &r);
	http_body_excerpt(&r, excerpt, sizeof(excerpt));
	if (rc == 0)
		snprintf(outcome, outcome_len, "HTTP %d %s from %s (attempt %u of %u)%s%s", r.head.status, r.head.reason,
			 r.url[0] ? r.url : u->url, n, u->attempts, excerpt[0] ? ": " : "", excerpt); /* where it went */
	else
		snprintf(outcome, outcome_len, "%s failed [%s]: %s (attempt %u of %u)", http_phase_name(r.failed), r.code,
			 r.error, n, u->attempts);
	snprintf(line, sizeof(line), "UPLOAD   %s", outcome);
	io->say(line);
	*retry = worth_retrying(rc, &r);
	int ok = rc == 0 && r.head.status / 100 == 2 ? 0 : -1;
	http_result_free(&r);
	return ok;
}

int report_upload(const struct upload_settings *u, const struct http_options *o, const struct upload_io *io,
		  const char *json, size_t len, char *outcome, size_t outcome_len)
{
	struct strbuf body, headers;
	strbuf_init(&body);
	strbuf_init(&headers);
	if (u->format == UPLOAD_SPLUNK_HEC)
		strbuf_append(&body, "{\"sourcetype\":\"tpm-preflight\",\"event\":");
	strbuf_append_n(&body, json, len);
	if (u->format == UPLOAD_SPLUNK_HEC)
		strbuf_append(&body, "}");
	for (int i = 0; i < u->header_count; i++)
		strbuf_printf(&headers, "%s\r\n", u->headers[i]);
	struct http_body b = { "POST", "application/json", (const uint8_t *)strbuf_str(&body), strlen(strbuf_str(&body)),
			       strbuf_str(&headers) };
	int rc = -1;
	bool retry = true;
	uint32_t wait = FIRST_WAIT_MS;
	for (unsigned n = 1; n <= u->attempts && retry && rc != 0; n++) {
		if (n > 1) {
			char line[80];
			snprintf(line, sizeof(line), "UPLOAD   waiting %u s before the next attempt", (unsigned)(wait / 1000));
			io->say(line);
			io->sleep_ms(wait);
			wait = wait * 2 > LONGEST_WAIT_MS ? LONGEST_WAIT_MS : wait * 2;
		}
		rc = attempt(u, o, io, &b, n, outcome, outcome_len, &retry);
	}
	strbuf_free(&body);
	strbuf_free(&headers);
	return rc;
}
