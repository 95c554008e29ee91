/*
 * cmd_fetch.c - `preflight fetch URL [--ca FILE] [--connect-to HOST:ADDR:PORT] [--timeout-ms N]
 * [--max-body BYTES]` (at most HTTP_BODY_MAX, larger values are clamped): one GET through the tool's own HTTP(S) client, for checking an endpoint from a test
 * station and for the tests. Prints the outcome with timings (a failure with its code, net/failure_code.h); the body
 * goes to stdout after a blank line.
 */
#include "commands.h"
#include "net/http_client.h"
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --max-body: digits only (strtoul would take "-1" as the largest number); above the client's ceiling means
 * "as much as allowed", so it is clamped to HTTP_BODY_MAX. Returns 0, or -1 for 0 or not a number. */
static int parse_max_body(const char *text, size_t *out)
{
	if (!*text || text[strspn(text, "0123456789")])
		return -1;
	errno = 0;
	unsigned long long v = strtoull(text, NULL, 10);
	*out = errno == ERANGE || v > HTTP_BODY_MAX ? HTTP_BODY_MAX : (size_t)v;
	return *out ? 0 : -1;
}

int cmd_fetch(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "ca", required_argument, NULL, 'c' }, { "connect-to", required_argument, NULL, 't' },
		{ "timeout-ms", required_argument, NULL, 'm' }, { "max-body", required_argument, NULL, 'b' },
		{ "proxy", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *synopsis = "fetch URL [--ca FILE] [--connect-to HOST:ADDR:PORT] [--timeout-ms N] [--max-body BYTES]\n"
				      "                 [--proxy http://[user:password@]host:port]";
	const char *why = NULL;
	struct http_options o;
	http_options_defaults(&o);
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'c')
			o.ca_file = optarg;
		else if (c == 't' && http_options_connect_to(&o, optarg) != 0)
			return usage_error(synopsis);
		else if (c == 'm')
			o.first_byte_ms = o.total_ms = (unsigned)strtoul(optarg, NULL, 10);
		else if (c == 'b' && parse_max_body(optarg, &o.max_body) != 0)
			return fprintf(stderr, "preflight: --max-body: \"%s\" is not a number of bytes from 1 to %u\n", optarg,
				       (unsigned)HTTP_BODY_MAX), EXIT_CANNOT_RUN;
		else if (c == 'p' && http_options_proxy(&o, optarg, &why) != 0)
			return fprintf(stderr, "preflight: --proxy: %s\n", why), EXIT_CANNOT_RUN;
		else if (c != 't' && c != 'p' && c != 'b')
			return usage_error(synopsis);
	}
	if (optind + 1 != argc || o.total_ms == 0 || o.max_body == 0)
		return usage_error(synopsis);
	struct http_result r;
	int rc = http_get(argv[optind], &o, &r);
	printf("FETCH    %s\n", r.url[0] ? r.url : argv[optind]);
	if (rc != 0)
		printf("FAILED   %s: %s\nCODE     %s\n", http_phase_name(r.failed), r.error, r.code);
	else
		printf("STATUS   %d %s (%zu bytes, %d redirect(s))\n", r.head.status, r.head.reason, r.body_len, r.redirects);
	printf("TIMING   dns %u ms, connect %u ms, tls %u ms, total %u ms\n", r.dns_ms, r.connect_ms, r.tls_ms, r.total_ms);
	if (rc == 0 && r.body_len) {
		putchar('\n');
		fwrite(r.body, 1, r.body_len, stdout);
	}
	http_result_free(&r);
	return rc == 0 ? EXIT_READY : EXIT_CANNOT_RUN;
}
