/*
 * net_stack.h - the UEFI application's own IPv4 network: lwIP over the NIC
 * (snp_netif.h), with an address from DHCP or from the configuration, and
 * DNS. Everything is polled: every wait in the network code calls
 * net_stack_poll().
 */
#ifndef PREFLIGHT_NET_STACK_H
#define PREFLIGHT_NET_STACK_H
#include "net/network_facts.h"
#include "net/network_settings.h"

/* Called about once a second during slow steps with what is being waited for. */
typedef void (*net_progress_fn)(const char *what, unsigned elapsed_ms);

/* Brings the network up as configured; returns 0, or -1 with facts->problem saying why. */
int net_stack_start(const struct net_settings *s, net_progress_fn progress, struct network_facts *facts);
/* Moves frames in both directions and runs lwIP's timers; never blocks for long. */
void net_stack_poll(void);
/* Gives the NIC back to the firmware. */
void net_stack_stop(void);

#endif
