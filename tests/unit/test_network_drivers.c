/* test_network_drivers.c - network.connection with NIC drivers from the stick: the evidence names each driver and
 * the NICs that came; no NIC although drivers were tried has its own reason and fix. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "checks/engine/engine.h"
#include "checks/report/check_guidance.h"
#include "net/network_facts.h"

static struct report report;

static const char *evidence(const struct check_result *r, const char *key)
{
	for (int i = 0; i < r->evidence_count; i++)
		if (strcmp(r->evidence[i].key, key) == 0)
			return r->evidence[i].value;
	return NULL;
}

static void add_driver(struct nic_driver_facts *d, const char *name, bool started, const char *what)
{
	struct nic_driver_outcome *o = &d->each[d->count++];
	snprintf(o->name, sizeof(o->name), "%s", name);
	o->started = started;
	snprintf(o->what, sizeof(o->what), "%s", what);
	d->files++;
	d->started += started;
}

static const struct check_result *run(const struct network_facts *f)
{
	struct tpm_connection conn;
	memset(&conn, 0, sizeof(conn));
	conn.absence = TPM_ABSENT;
	struct engine_options options;
	engine_options_init(&options, 1800000000);
	options.network = f;
	report_init(&report, "test", "now");
	engine_run(&conn, &options, &report);
	return report_find(&report, CHECK_NET_CONNECTION);
}

static void drivers_that_bring_a_nic_are_evidence(void **state)
{
	static struct network_facts f;
	memset(&f, 0, sizeof(f));
	f.source = NETWORK_DHCP;
	strcpy(f.address, "10.0.2.15");
	strcpy(f.mac, "52:54:00:12:34:56");
	add_driver(&f.drivers, "x64\\e1000.efi", true, "x64 UEFI boot service driver, bound 52:54:00:12:34:56");
	add_driver(&f.drivers, "aa64\\e1000.efi", false, "built for Arm64 (machine 0xaa64), this PC is x64");
	strcpy(f.drivers.nics_new, "52:54:00:12:34:56");
	f.drivers.nics_after = 1;
	const struct check_result *r = run(&f);
	assert_int_equal(r->status, CHECK_PASS);
	assert_string_equal(evidence(r, "nic_driver_started"), "x64\\e1000.efi: x64 UEFI boot service driver, bound 52:54:00:12:34:56");
	assert_string_equal(evidence(r, "nic_driver_refused"), "aa64\\e1000.efi: built for Arm64 (machine 0xaa64), this PC is x64");
	assert_string_equal(evidence(r, "nics_before_drivers"), "0");
	assert_string_equal(evidence(r, "nics_from_drivers"), "52:54:00:12:34:56");
}

static void no_nic_although_drivers_were_tried(void **state)
{
	static struct network_facts f;
	memset(&f, 0, sizeof(f));
	f.source = NETWORK_NONE;
	strcpy(f.code, "NET-NO-NIC");
	strcpy(f.problem, "no network interface");
	add_driver(&f.drivers, "tool.efi", false, "a UEFI application (subsystem 10), not a UEFI driver");
	add_driver(&f.drivers, "undi.efi", false, "refused by Secure Boot (LoadImage: security violation, 0x800000000000001a)");
	const struct check_result *r = run(&f);
	assert_int_equal(r->status, CHECK_WARN);
	assert_string_equal(r->reason, "no-nic-from-drivers");
	assert_non_null(strstr(r->summary, "(0 of 2 started)"));
	assert_non_null(strstr(r->details, "tool.efi refused: a UEFI application"));
	assert_non_null(strstr(r->details, "; undi.efi refused: refused by Secure Boot"));
	assert_string_equal(evidence(r, "nic_driver_refused_2"), "undi.efi: refused by Secure Boot (LoadImage: security violation, 0x800000000000001a)");
	assert_string_equal(evidence(r, "nics_from_drivers"), "none");
	struct guidance g = check_guidance(r);
	assert_non_null(strstr(g.fix, "\\preflight\\drivers"));
	assert_non_null(strstr(g.fix, "Microsoft's UEFI CA"));
	/* without drivers, or when another step failed, the reason stays no-network */
	memset(&f.drivers, 0, sizeof(f.drivers));
	assert_string_equal(run(&f)->reason, "no-network");
	add_driver(&f.drivers, "x64\\e1000.efi", true, "x64 UEFI boot service driver");
	strcpy(f.code, "NET-NO-DHCP");
	r = run(&f);
	assert_string_equal(r->reason, "no-network");
	assert_string_equal(evidence(r, "nic_driver_started"), "x64\\e1000.efi: x64 UEFI boot service driver");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(drivers_that_bring_a_nic_are_evidence),
		cmocka_unit_test(no_nic_although_drivers_were_tried),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
