/*
 * check_network.c - network.connection: what the UEFI application's own
 * network set-up found (network_facts.h). A unit without a network is not
 * known to be unready - the bench network may be at fault - so a failed
 * set-up is a warning and the online checks are skipped with its reason.
 */
#include "checks/engine/engine_internal.h"
#include "net/network_facts.h"
#include <stdio.h>
#include <string.h>

static void facts_evidence(struct check_result *r, const struct network_facts *f)
{
	if (f->mac[0]) {
		result_evidence(r, "nic", "%s", f->mac);
		result_evidence(r, "nic_path", "%s", f->nic_path);
		result_evidence(r, "receive_filter", "%s", f->filters);
	}
	result_evidence(r, "nic_count", "%d", f->nic_count);
	if (f->random_source[0]) /* DNS ids, ports, the NTP cookie and TLS draw from it */
		result_evidence(r, "random_source", "%s", f->random_source);
	if (f->passed_over[0])
		result_evidence(r, "nics_passed_over", "%s", f->passed_over);
	if (f->source == NETWORK_NONE)
		return;
	result_evidence(r, "address", "%s/%s", f->address, f->netmask);
	result_evidence(r, "gateway", "%s", f->gateway);
	result_evidence(r, "dns", "%s%s%s", f->dns[0], f->dns[1][0] ? ", " : "", f->dns[1]);
	result_evidence(r, "setup_ms", "%u", f->setup_ms);
}

/* The NIC drivers from the stick: one line per driver, then the NICs offering SNP before them and those that came. */
static void drivers_evidence(struct check_result *r, const struct nic_driver_facts *d)
{
	if (!d->files)
		return;
	for (int i = 0; i < d->count; i++)
		result_evidence(r, d->each[i].started ? "nic_driver_started" : "nic_driver_refused", "%s: %s",
				d->each[i].name, d->each[i].what);
	result_evidence(r, "nics_before_drivers", "%d%s%s", d->nics_before, d->nics_before_list[0] ? ": " : "",
			d->nics_before_list);
	result_evidence(r, "nics_from_drivers", "%s", d->nics_new[0] ? d->nics_new : "none");
	result_evidence(r, "nic_drivers_ms", "%u", d->load_ms);
}

/* No NIC although drivers from the stick were tried: the drivers are the thing to fix, not the firmware's setup. */
static void no_nic_from_drivers(struct check_result *r, const struct nic_driver_facts *d)
{
	outcome_set(r, CHECK_WARN, "no-nic-from-drivers",
		    "No network: the NIC drivers on the stick brought no network interface (%d of %d started)", d->started,
		    d->files);
	size_t used = 0;
	for (int i = 0; i < d->count && used < sizeof(r->details); i++)
		used += (size_t)snprintf(r->details + used, sizeof(r->details) - used, "%s%s %s: %s", used ? "; " : "",
					 d->each[i].name, d->each[i].started ? "started" : "refused", d->each[i].what);
}

void judge_network_connection(const struct engine *e, struct check_result *r)
{
	const struct network_facts *f = e->opt->network;
	if (f->source == NETWORK_NONE && f->drivers.files && strcmp(f->code, "NET-NO-NIC") == 0) {
		no_nic_from_drivers(r, &f->drivers);
		result_evidence(r, "failure_code", "%s", f->code);
	} else if (f->source == NETWORK_NONE) {
		outcome_set(r, CHECK_WARN, "no-network", "No network: %s", f->problem);
		result_evidence(r, "failure_code", "%s", f->code);
	} else if (f->source == NETWORK_DHCP)
		outcome_set(r, CHECK_PASS, NULL, "Address %s from the DHCP server %s", f->address, f->dhcp_server);
	else
		outcome_set(r, CHECK_PASS, NULL, "Static address %s from preflight.conf", f->address);
	facts_evidence(r, f);
	drivers_evidence(r, &f->drivers);
}
