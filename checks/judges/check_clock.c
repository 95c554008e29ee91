/* check_clock.c - clock.skew: the platform clock against the network's time (network_time.c), modulo the time
 * zone of a clock that holds local time. */
#include "checks/engine/engine_internal.h"
#include "checks/util/utc_offset.h"
#include "checks/util/utc_time.h"

/* The codes of the sources that failed (net/failure_code.h), for counting by cause. */
static void failure_codes(const struct engine *e, struct check_result *out)
{
	if (e->ntp.code[0])
		result_evidence(out, "sntp_failure_code", "%s", e->ntp.code);
	if (e->http.code[0])
		result_evidence(out, "http_date_failure_code", "%s", e->http.code);
}

/* The clock against the network: the whole skew, or what remains past the zone of a clock that holds local time. */
static void judge_skew(const struct engine *e, long long skew_ms, struct check_result *out)
{
	char zone[16];
	long long off = (skew_ms < 0 ? -skew_ms : skew_ms) / 1000;
	enum check_status s = off <= e->opt->clock_warn_s ? CHECK_PASS : off <= e->opt->clock_fail_s ? CHECK_WARN : CHECK_FAIL;
	const char *side = skew_ms >= 0 ? "ahead of" : "behind";
	if (!e->local_zone) {
		outcome_set(out, s, s == CHECK_WARN ? "clock-off" : "clock-far-off", "The clock is %lld s %s the network's time",
			    off, side);
		return;
	}
	format_utc_offset(zone, sizeof(zone), e->zone_minutes);
	if (s == CHECK_PASS)
		outcome_set(out, s, NULL, "The clock holds local time (%s), as Windows keeps it, and is right (%lld s %s)",
			    zone, off, side);
	else
		outcome_set(out, s, s == CHECK_WARN ? "local-clock-off" : "local-clock-far-off",
			    "The clock holds local time (%s) and is %lld s %s the network's time beyond that", zone, off, side);
	result_evidence(out, "rtc_zone", "%s (the clock is that far from UTC: it holds local time)", zone);
}

static void judge_reading(const struct engine *e, struct check_result *out)
{
	const struct clock_reading *best = e->best;
	char local[32], remote[32];
	long long skew_ms = best->local_ms - best->network_ms;
	judge_skew(e, e->local_zone ? skew_ms - e->zone_minutes * 60000LL : skew_ms, out);
	format_utc_iso(local, sizeof(local), best->local_ms / 1000);
	format_utc_iso(remote, sizeof(remote), best->network_ms / 1000);
	result_evidence(out, "local_time", "%s", local);
	result_evidence(out, "network_time", "%s", remote);
	result_evidence(out, "source", "%s", best->source);
	if (best == &e->ntp)
		result_evidence(out, "http_date", "%s", e->http.ok ? e->http.source : e->http.problem[0] ? e->http.problem : "not asked");
	else
		result_evidence(out, "sntp", "%s", e->ntp.problem[0] ? e->ntp.problem : "not available");
	failure_codes(e, out);
	result_evidence(out, "thresholds_s", "warn %u, fail %u", e->opt->clock_warn_s, e->opt->clock_fail_s);
	if (e->now != e->opt->now)
		result_details(out, "Certificate validity below is judged by the network's time, not the local clock.");
}

void judge_clock_skew(const struct engine *e, struct check_result *out)
{
	if (e->best) {
		judge_reading(e, out);
		return;
	}
	outcome_set(out, CHECK_WARN, "no-network-time", "The network time could not be read");
	result_details(out, "%s%s%s", e->ntp.problem, e->ntp.problem[0] && e->http.problem[0] ? "; " : "", e->http.problem);
	result_evidence(out, "url", "%s", e->opt->clock_url);
	if (e->opt->sntp_server)
		result_evidence(out, "sntp_server", "%s", e->opt->sntp_server);
	failure_codes(e, out);
}
