/*
 * check_clock.c - clock.skew: the platform clock against the network's time.
 * SNTP (RFC 4330) from time.windows.com, as Windows sets its clock, is the
 * precise source; the Date header of an HTTP answer (RFC 9110 6.6.1) from an
 * Autopilot endpoint is the second, and the only one behind a proxy that
 * lets no UDP through. Once known, the network's time is what the
 * certificate validity checks use, and the report says so.
 */
#include "engine_internal.h"
#include "http_date.h"
#include "report_files.h"
#include "boot/platform.h"
#include <stdio.h>
#include <string.h>

enum { SNTP_TIMEOUT_MS = 3000 };

struct reading {
	bool ok;
	long long network_ms, local_ms; /* both as Unix milliseconds */
	char source[300];
	char problem[240];
};

/* The local clock now: the time read at the start of the run plus what has passed since. */
static long long local_ms(const struct engine *e)
{
	return e->opt->now * 1000 + (long long)(platform_ms() - e->started_ms);
}

static void read_sntp(struct engine *e, struct reading *r)
{
	struct sntp_result s;
	if (!e->opt->sntp || !e->opt->sntp_server || !e->opt->sntp_server[0])
		return;
	if (e->opt->sntp(e->opt->sntp_server, SNTP_TIMEOUT_MS, &s) != 0) {
		snprintf(r->problem, sizeof(r->problem), "%s", s.error);
		return;
	}
	r->ok = true;
	r->local_ms = local_ms(e);
	/* RFC 4330 5: the answer left the server about half the round trip ago */
	r->network_ms = s.answer.unix_seconds * 1000 + s.answer.millis + s.round_trip_ms / 2;
	snprintf(r->source, sizeof(r->source), "SNTP %s (stratum %d, round trip %u ms)", s.server, s.answer.stratum,
		 s.round_trip_ms);
}

static void read_http_date(struct engine *e, struct reading *r)
{
	struct http_result h;
	long long network;
	if (!e->opt->fetch)
		return;
	int rc = e->opt->fetch(e->opt->clock_url, &e->opt->http, &h);
	if (rc == 0 && http_date_parse(h.head.date, &network)) {
		r->ok = true;
		r->local_ms = local_ms(e);
		r->network_ms = network * 1000 + 500; /* the Date has whole seconds */
		snprintf(r->source, sizeof(r->source), "HTTP Date of %s", h.url);
	} else if (rc != 0) {
		snprintf(r->problem, sizeof(r->problem), "%s", h.error);
	} else if (h.head.status == 407) { /* RFC 9110 15.5.8 */
		snprintf(r->problem, sizeof(r->problem), "the proxy demands credentials (HTTP 407): give them in the proxy "
			 "address, http://user:password@host:port");
	} else {
		snprintf(r->problem, sizeof(r->problem), "the answer (HTTP %d) carried no valid Date header", h.head.status);
	}
	http_result_free(&h);
}

static void judge(struct engine *e, const struct reading *best, const struct reading *ntp, const struct reading *http)
{
	char local[32], remote[32];
	long long skew_ms = best->local_ms - best->network_ms;
	long long off = (skew_ms < 0 ? -skew_ms : skew_ms) / 1000;
	enum check_status s = off <= e->opt->clock_warn_s ? CHECK_PASS : off <= e->opt->clock_fail_s ? CHECK_WARN : CHECK_FAIL;
	format_utc_iso(local, sizeof(local), best->local_ms / 1000);
	format_utc_iso(remote, sizeof(remote), best->network_ms / 1000);
	struct check_result *res = report_add(e->report, CHECK_CLOCK_SKEW, s, "The clock is %lld s %s the network's time",
					      off, skew_ms >= 0 ? "ahead of" : "behind");
	result_evidence(res, "local_time", "%s", local);
	result_evidence(res, "network_time", "%s", remote);
	result_evidence(res, "source", "%s", best->source);
	if (best == ntp)
		result_evidence(res, "http_date", "%s", http->ok ? http->source : http->problem[0] ? http->problem : "not asked");
	else
		result_evidence(res, "sntp", "%s", ntp->problem[0] ? ntp->problem : "not available");
	result_evidence(res, "thresholds_s", "warn %u, fail %u", e->opt->clock_warn_s, e->opt->clock_fail_s);
	if (s != CHECK_PASS) {
		e->now = best->network_ms / 1000;
		result_details(res, "Certificate validity below is judged by the network's time, not the local clock.");
	}
}

void check_clock(struct engine *e)
{
	if (!e->opt->fetch && !e->opt->sntp) {
		engine_skip(e, CHECK_CLOCK_SKEW, e->opt->offline_reason[0] ? e->opt->offline_reason : "offline");
		return;
	}
	engine_step(e, CHECK_CLOCK_SKEW);
	struct reading ntp = { 0 }, http = { 0 };
	read_sntp(e, &ntp);
	read_http_date(e, &http);
	if (ntp.ok || http.ok) {
		judge(e, ntp.ok ? &ntp : &http, &ntp, &http);
		return;
	}
	struct check_result *res = report_add(e->report, CHECK_CLOCK_SKEW, CHECK_WARN, "The network time could not be read");
	result_details(res, "%s%s%s", ntp.problem, ntp.problem[0] && http.problem[0] ? "; " : "", http.problem);
	result_evidence(res, "url", "%s", e->opt->clock_url);
	if (e->opt->sntp_server)
		result_evidence(res, "sntp_server", "%s", e->opt->sntp_server);
}
