/*
 * efi_network.c - see efi_network.h. The TLS trust anchors are a PEM bundle
 * on the stick (make-image.sh copies Debian's ca-certificates bundle there),
 * read once; without it every HTTPS step fails and says so.
 */
#include "efi_network.h"
#include "efi_console.h"
#include "efi_files.h"
#include "efi_nic_drivers.h"
#include "efi_progress.h"
#include "net/network_facts.h"
#include "net/http_client.h"
#include "net/net_probe.h"
#include "net/net_stack.h"
#include "net/sntp_client.h"
#include "boot/platform.h"
#include <stdio.h>
#include <string.h>

enum { CA_BUNDLE_MAX = 4 * 1024 * 1024 };

static struct {
	bool tried, up;
	struct network_facts facts;
	char *ca_pem;
	size_t ca_len;
	struct http_options http; /* as the engine got them, for the upload */
} net;

static void progress(const char *what, unsigned elapsed_ms)
{
	char line[120];
	if (elapsed_ms < 1000)
		snprintf(line, sizeof(line), "%s", what);
	else
		snprintf(line, sizeof(line), "%s (%u s)", what, elapsed_ms / 1000);
	efi_progress_step("network.connection", line);
}

static void bring_up(const struct config *c)
{
	struct nic_driver_facts drivers;
	net.tried = true;
	efi_nic_drivers_load(&drivers); /* before the stack looks for a NIC: a driver on the stick may bring it */
	net.up = net_stack_start(&c->network, progress, &net.facts) == 0;
	net.facts.drivers = drivers;
	if (net.up)
		efi_printf("NETWORK  %s on %s (%s)\n", net.facts.address, net.facts.mac, net.facts.nic_path);
	else
		efi_printf("NETWORK  none [%s]: %s\n", net.facts.code, net.facts.problem);
	EFI_STATUS s = efi_read_file(c->ca_bundle, CA_BUNDLE_MAX, &net.ca_pem, &net.ca_len);
	if (EFI_ERROR(s))
		efi_printf("NOTE     the TLS trust anchors %s could not be read (%s): every HTTPS request will fail; "
			   "put Debian's ca-certificates bundle there (make image does)\n", c->ca_bundle, efi_status_text(s));
}

void efi_network_prepare(const struct config *c, struct engine_options *o)
{
	if (c->network.mode == NET_MODE_OFF) {
		snprintf(o->offline_reason, sizeof(o->offline_reason), "network = off in preflight.conf");
		return;
	}
	if (!net.tried)
		bring_up(c);
	o->network = &net.facts;
	if (!net.up) {
		snprintf(o->offline_reason, sizeof(o->offline_reason), "no network: %s", net.facts.problem);
		return;
	}
	o->fetch = http_get;
	o->send = http_send;
	o->probe = net_probe_https;
	if (strcmp(c->network.ntp_server, "off") != 0) {
		o->sntp = sntp_query;
		o->sntp_server = c->network.ntp_server;
	}
	o->http.ca_file = c->ca_bundle; /* named in TLS messages */
	o->http.ca_pem = net.ca_pem;
	o->http.ca_pem_len = net.ca_len;
	const char *why = "";
	if (c->network.proxy[0] && http_options_proxy(&o->http, c->network.proxy, &why) != 0)
		efi_printf("NOTE     the proxy setting is unusable (%s); going direct\n", why);
	net.http = o->http;
}

static void say(const char *line)
{
	efi_printf("%s\n", line);
}

int efi_network_upload(const struct config *c, const char *json, size_t len, char *why, size_t why_len)
{
	if (!c->upload.url[0])
		return 0;
	if (!net.up) {
		if (c->network.mode == NET_MODE_OFF)
			efi_printf("UPLOAD   not sent to %s: network = off; the report is on the stick\n", c->upload.url);
		else
			efi_printf("UPLOAD   not sent to %s [%s]: %s; the report is on the stick\n", c->upload.url,
				   net.facts.code, net.facts.problem);
		snprintf(why, why_len, "%s", c->network.mode == NET_MODE_OFF ? "network = off" : net.facts.code);
		return -1;
	}
	static const struct upload_io io = { http_send, platform_sleep_ms, say };
	char outcome[400];
	if (report_upload(&c->upload, &net.http, &io, json, len, outcome, sizeof(outcome)) == 0) {
		efi_printf("UPLOAD   sent: %s\n", outcome);
		return 0;
	}
	efi_printf("UPLOAD   NOT sent: %s; the report is on the stick\n", outcome);
	snprintf(why, why_len, "%.100s", outcome);
	return -1;
}

void efi_network_stop(void)
{
	net_stack_stop();
}
