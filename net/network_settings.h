/*
 * network_settings.h - how the UEFI application sets up its network, from
 * preflight.conf (docs/config.md): DHCP, a static address, or none.
 */
#ifndef PREFLIGHT_NETWORK_SETTINGS_H
#define PREFLIGHT_NETWORK_SETTINGS_H

enum net_mode { NET_MODE_DHCP, NET_MODE_STATIC, NET_MODE_OFF };

struct net_settings {
	enum net_mode mode;
	char address[16];   /* static: dotted quad */
	unsigned prefix;    /* static: netmask length */
	char gateway[16];   /* static, optional */
	char dns[2][16];    /* optional with DHCP (then they replace the lease's), needed for names with static */
	unsigned dhcp_ms, link_wait_ms;
	char ntp_server[256]; /* HOST[:PORT] the clock check asks, "off" for none */
	char proxy[300];    /* http://[user:password@]host:port, "" for none; never shown (credentials) */
};

#endif
