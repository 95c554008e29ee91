/*
 * network_time.c - FACT_NETWORK_TIME: the network's time, by SNTP (RFC 4330)
 * from time.windows.com, as Windows sets its clock, and by the Date header
 * of an HTTP answer (RFC 9110 6.6.1) from an Autopilot endpoint, the only
 * source behind a proxy that lets no UDP through. When the local clock is off
 * by more than the warning threshold, certificate validity is judged by the
 * network's time (e->now); clock.skew says so. A clock off by a time zone's
 * offset holds local time (Windows keeps the RTC so); clock.skew names the
 * zone and judges the rest.
 */
#include "checks/engine/engine_internal.h"
#include "checks/util/utc_offset.h"
#include "net/http_date.h"
#include "boot/platform.h"
#include <stdio.h>

enum { SNTP_TIMEOUT_MS = 3000 };

/* The local clock now: the time read at the start of the run plus what has passed since. */
static long long local_ms(const struct engine *e)
{
	return e->opt->now * 1000 + (long long)(platform_ms() - e->started_ms);
}

static void read_sntp(struct engine *e, struct clock_reading *r)
{
	struct sntp_result s;
	if (!e->opt->sntp || !e->opt->sntp_server || !e->opt->sntp_server[0])
		return;
	if (e->opt->sntp(e->opt->sntp_server, SNTP_TIMEOUT_MS, &s) != 0) {
		snprintf(r->problem, sizeof(r->problem), "%s", s.error);
		failure_code_set(r->code, s.code);
		return;
	}
	r->ok = true;
	r->local_ms = local_ms(e);
	/* RFC 4330 5: the answer left the server about half the round trip ago */
	r->network_ms = s.answer.unix_seconds * 1000 + s.answer.millis + s.round_trip_ms / 2;
	snprintf(r->source, sizeof(r->source), "SNTP %s (stratum %d, round trip %u ms)", s.server, s.answer.stratum,
		 s.round_trip_ms);
}

static void read_http_date(struct engine *e, struct clock_reading *r)
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
		failure_code_set(r->code, h.code);
	} else if (h.head.status == 407) { /* RFC 9110 15.5.8 */
		snprintf(r->problem, sizeof(r->problem), "the proxy demands credentials (HTTP 407): give them in the proxy "
			 "address, http://user:password@host:port");
		failure_code_set(r->code, "PROXY-AUTH-REQUIRED");
	} else {
		snprintf(r->problem, sizeof(r->problem), "the answer (HTTP %d) carried no valid Date header", h.head.status);
		failure_code_set(r->code, "HTTP-NO-DATE");
	}
	http_result_free(&h);
}

void collect_network_time(struct engine *e)
{
	if (!e->opt->fetch && !e->opt->sntp) {
		fact_missing(e, FACT_NETWORK_TIME, CHECK_SKIP, "%s", e->opt->offline_reason[0] ? e->opt->offline_reason : "offline");
		return;
	}
	read_sntp(e, &e->ntp);
	read_http_date(e, &e->http);
	e->facts[FACT_NETWORK_TIME].gathered = e->facts[FACT_NETWORK_TIME].present = true;
	e->best = e->ntp.ok ? &e->ntp : e->http.ok ? &e->http : NULL;
	if (!e->best)
		return;
	long long skew_ms = e->best->local_ms - e->best->network_ms;
	if ((skew_ms < 0 ? -skew_ms : skew_ms) / 1000 <= e->opt->clock_warn_s)
		return;
	/* Windows keeps the RTC in local time: off by a zone's offset plus no more than a failing skew, the clock is
	 * a local one and clock.skew judges what remains; either way validity is judged in UTC, the network's. */
	e->local_zone = utc_offset_match(skew_ms / 1000, e->opt->clock_fail_s, &e->zone_minutes);
	e->now = e->best->network_ms / 1000;
}
