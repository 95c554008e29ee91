/*
 * net_stack_efi.c - see net_stack.h. lwIP runs NO_SYS (lwIP
 * doc/NO_SYS_SampleCode.c): the input path is driven by polling the NIC and
 * the timers by sys_check_timeouts(). DHCP (RFC 2131) gives the address,
 * netmask, router and DNS servers; a static address comes from the
 * configuration instead.
 */
#include "net_stack.h"
#include "snp_netif.h"
#include "net_random.h"
#include "boot/platform.h"
#include <lwip/dhcp.h>
#include <lwip/dns.h>
#include <lwip/init.h>
#include <lwip/ip4_addr.h>
#include <lwip/prot/dhcp.h>
#include <lwip/timeouts.h>
#include <stdio.h>
#include <string.h>

static struct netif nif;
static bool running, lwip_ready;

void net_stack_poll(void)
{
	if (!running)
		return;
	snp_netif_poll(&nif);
	sys_check_timeouts();
}

static void address_text(const ip4_addr_t *a, char *out, size_t cap)
{
	ip4addr_ntoa_r(a, out, (int)cap);
}

static void record_addresses(struct network_facts *f)
{
	address_text(netif_ip4_addr(&nif), f->address, sizeof(f->address));
	address_text(netif_ip4_netmask(&nif), f->netmask, sizeof(f->netmask));
	address_text(netif_ip4_gw(&nif), f->gateway, sizeof(f->gateway));
	for (int i = 0; i < 2; i++) {
		const ip_addr_t *d = dns_getserver((u8_t)i);
		if (!ip_addr_isany(d))
			address_text(ip_2_ip4(d), f->dns[i], sizeof(f->dns[i]));
	}
}

/* DNS servers from the configuration replace the lease's. */
static void apply_dns(const struct net_settings *s)
{
	for (int i = 0; i < 2; i++) {
		ip_addr_t a;
		if (s->dns[i][0] && ipaddr_aton(s->dns[i], &a))
			dns_setserver((u8_t)i, &a);
	}
}

static int start_static(const struct net_settings *s, struct network_facts *f)
{
	ip4_addr_t addr, mask, gw;
	if (!ip4addr_aton(s->address, &addr) || s->prefix < 1 || s->prefix > 30) {
		snprintf(f->problem, sizeof(f->problem), "network = static needs address = a.b.c.d/prefix in preflight.conf");
		failure_code_set(f->code, "NET-BAD-STATIC-CONFIG");
		return -1;
	}
	ip4_addr_set_u32(&mask, lwip_htonl(0xffffffffu << (32 - s->prefix)));
	ip4_addr_set_zero(&gw);
	if (s->gateway[0])
		ip4addr_aton(s->gateway, &gw);
	netif_set_addr(&nif, &addr, &mask, &gw);
	f->source = NETWORK_STATIC;
	return 0;
}

static int start_dhcp(const struct net_settings *s, net_progress_fn progress, struct network_facts *f)
{
	uint64_t start = platform_ms(), next_tick = start + 1000;
	if (dhcp_start(&nif) != ERR_OK) {
		snprintf(f->problem, sizeof(f->problem), "DHCP could not start (out of memory)");
		failure_code_set(f->code, "NET-NO-MEMORY");
		return -1;
	}
	while (!dhcp_supplied_address(&nif)) {
		uint64_t now = platform_ms();
		if (now - start >= s->dhcp_ms) {
			snprintf(f->problem, sizeof(f->problem),
				 "no DHCP lease within %u s on %s: no DHCP server answered; check the cable and the port's VLAN, or "
				 "set network = static with address, gateway and dns in preflight.conf", s->dhcp_ms / 1000, f->mac);
			failure_code_set(f->code, "NET-NO-DHCP");
			return -1;
		}
		if (progress && now >= next_tick) {
			progress("waiting for a DHCP lease", (unsigned)(now - start));
			next_tick += 1000;
		}
		net_stack_poll();
	}
	struct dhcp *d = netif_dhcp_data(&nif);
	address_text(ip_2_ip4(&d->server_ip_addr), f->dhcp_server, sizeof(f->dhcp_server));
	f->source = NETWORK_DHCP;
	return 0;
}

int net_stack_start(const struct net_settings *s, net_progress_fn progress, struct network_facts *f)
{
	struct nic_info nic;
	uint64_t start = platform_ms();
	memset(f, 0, sizeof(*f));
	int random = lwip_ready ? 0 : net_random_check(platform_random, f->problem, sizeof(f->problem), f->code);
	snprintf(f->random_source, sizeof(f->random_source), "%s", platform_random_source());
	if (random != 0)
		return -1; /* before lwip_init, which draws the first local ports */
	if (!lwip_ready)
		lwip_init(); /* once: lwIP's pools and timers live for the whole application */
	lwip_ready = true;
	if (progress)
		progress("looking for a network interface with a link", 0);
	int rc = snp_netif_open(&nif, s->link_wait_ms, &nic, f->problem, sizeof(f->problem), f->code);
	f->nic_count = nic.candidates;
	snprintf(f->passed_over, sizeof(f->passed_over), "%s", nic.passed_over);
	if (rc != 0)
		return -1;
	running = true;
	snprintf(f->mac, sizeof(f->mac), "%s", nic.mac);
	snprintf(f->nic_path, sizeof(f->nic_path), "%s", nic.path);
	snprintf(f->filters, sizeof(f->filters), "%s", nic.filters);
	rc = s->mode == NET_MODE_STATIC ? start_static(s, f) : start_dhcp(s, progress, f);
	if (rc == 0) {
		apply_dns(s);
		record_addresses(f);
	} else {
		f->source = NETWORK_NONE;
		net_stack_stop();
	}
	f->setup_ms = (unsigned)(platform_ms() - start);
	return rc;
}

void net_stack_stop(void)
{
	if (!running)
		return;
	if (netif_dhcp_data(&nif))
		dhcp_release_and_stop(&nif);
	snp_netif_close(&nif);
	running = false;
}
