/*
 * config_network.c - the network keys of preflight.conf: network = dhcp |
 * static | off, address = a.b.c.d/prefix, gateway, dns (one or two servers),
 * dhcp_timeout (seconds), ntp_server (HOST[:PORT] or off) and proxy =
 * http://[user:password@]host:port. A bad
 * proxy line is reported without its value, which may hold a password.
 */
#include "checks/config/config.h"
#include "net/http_client.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int complain(config_problem_fn problem, void *ctx, const char *key, const char *value, const char *why)
{
	char shown[CONFIG_EXCERPT_LEN];
	return config_problem(problem, ctx, "config: %s = \"%s\" %s; using the default", key,
			      config_value_excerpt(value, shown), why);
}

/* A dotted quad, each part 0-255 (RFC 791 addresses in their usual text form). */
static bool ipv4_valid(const char *s, size_t len)
{
	int parts = 0;
	size_t i = 0;
	while (i < len) {
		unsigned v = 0, digits = 0;
		while (i < len && isdigit((unsigned char)s[i]) && digits < 4)
			v = v * 10 + (unsigned)(s[i++] - '0'), digits++;
		if (!digits || v > 255 || ++parts > 4)
			return false;
		if (i < len && s[i++] != '.')
			return false;
		if (i == len && s[len - 1] == '.')
			return false;
	}
	return parts == 4;
}

static int set_address(struct net_settings *n, const char *value, config_problem_fn problem, void *ctx)
{
	const char *slash = strchr(value, '/');
	char *end;
	unsigned long prefix = slash ? strtoul(slash + 1, &end, 10) : 0;
	if (!slash || !ipv4_valid(value, (size_t)(slash - value)) || slash - value >= (long)sizeof(n->address) ||
	    end == slash + 1 || *end || prefix < 1 || prefix > 30)
		return complain(problem, ctx, "address", value, "is not an IPv4 address with a prefix, like 192.168.10.50/24");
	snprintf(n->address, sizeof(n->address), "%.*s", (int)(slash - value), value);
	n->prefix = (unsigned)prefix;
	return 0;
}

static int set_dns(struct net_settings *n, const char *value, config_problem_fn problem, void *ctx)
{
	char servers[2][16] = { "", "" };
	const char *p = value;
	for (int i = 0; i < 3 && *p; i++) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t len = strcspn(p, " ,");
		if (!len)
			break;
		if (i == 2 || !ipv4_valid(p, len) || len >= sizeof(servers[i]))
			return complain(problem, ctx, "dns", value, "is not one or two IPv4 addresses separated by a comma");
		snprintf(servers[i], sizeof(servers[i]), "%.*s", (int)len, p);
		p += len;
	}
	memcpy(n->dns, servers, sizeof(servers));
	return 0;
}

static int set_proxy(struct net_settings *n, const char *value, config_problem_fn problem, void *ctx)
{
	struct http_options scratch;
	const char *why = "";
	http_options_defaults(&scratch);
	if (strlen(value) >= sizeof(n->proxy) || (value[0] && http_options_proxy(&scratch, value, &why) != 0))
		return config_problem(problem, ctx, "config: proxy is not http://[user:password@]host:port (%s); no proxy is "
				      "used", why);
	snprintf(n->proxy, sizeof(n->proxy), "%s", value);
	return 0;
}

int config_set_network(struct config *c, const char *key, const char *value, config_problem_fn problem, void *ctx)
{
	struct net_settings *n = &c->network;
	if (strcasecmp(key, "network") == 0) {
		static const char *const modes[] = { "dhcp", "static", "off" };
		for (int i = 0; i < 3; i++)
			if (strcasecmp(value, modes[i]) == 0) {
				n->mode = (enum net_mode)i;
				return 0;
			}
		return complain(problem, ctx, key, value, "is not dhcp, static or off");
	}
	if (strcasecmp(key, "address") == 0)
		return set_address(n, value, problem, ctx);
	if (strcasecmp(key, "gateway") == 0) {
		if (!ipv4_valid(value, strlen(value)))
			return complain(problem, ctx, key, value, "is not an IPv4 address");
		snprintf(n->gateway, sizeof(n->gateway), "%s", value);
		return 0;
	}
	if (strcasecmp(key, "dns") == 0)
		return set_dns(n, value, problem, ctx);
	if (strcasecmp(key, "dhcp_timeout") == 0) {
		char *end;
		unsigned long s = strtoul(value, &end, 10);
		if (end == value || *end || s < 1 || s > 300)
			return complain(problem, ctx, key, value, "is not a number of seconds from 1 to 300");
		n->dhcp_ms = (unsigned)s * 1000;
		return 0;
	}
	if (strcasecmp(key, "proxy") == 0)
		return set_proxy(n, value, problem, ctx);
	if (strcasecmp(key, "ntp_server") == 0) {
		if (!value[0] || strlen(value) >= sizeof(n->ntp_server) || value[strcspn(value, " /\\")])
			return complain(problem, ctx, key, value, "is not a host name, HOST:PORT or off");
		snprintf(n->ntp_server, sizeof(n->ntp_server), "%s", value);
		return 0;
	}
	return 1;
}
