/*
 * cmd_ek_verify.c - `preflight ek-verify --cert FILE [--cert FILE...] [--trust FILE]
 * [--manufacturer MFR] [--json]`: verify EK certificates someone sent, without a
 * TPM. Certificates marked as CAs serve as the TPM's NV chain for the others.
 */
#include "commands.h"
#include "ek_verify_render.h"
#include "linux_files.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { CERTS_MAX = 64, CERT_FILE_MAX = 64 * 1024 };

struct input {
	const char *path;
	uint8_t *data;
	size_t len;
};

static int read_inputs(struct input *in, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		char why[200];
		if (read_file_capped(in[i].path, CERT_FILE_MAX, &in[i].data, &in[i].len, why, sizeof(why)) != 0) {
			fprintf(stderr, "preflight: %s\n", why);
			return -1;
		}
	}
	return 0;
}

/* CA certificates among the inputs become the NV chain other certificates may chain through. */
static void add_chain_inputs(struct cert_pool *pool, const struct input *in, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		struct nv_certs nv;
		ek_nv_unwrap(in[i].data, in[i].len, &nv);
		for (size_t k = 0; k < nv.count; k++) {
			struct cert_facts f;
			const char *why;
			if (cert_facts_parse(nv.certs[k].p, nv.certs[k].len, &f, &why) == 0 && f.is_ca)
				cert_pool_add(pool, nv.certs[k].p, nv.certs[k].len, SOURCE_NV, in[i].path);
		}
	}
}

static bool is_ca_input(const struct input *in)
{
	struct nv_certs nv;
	struct cert_facts f;
	const char *why;
	ek_nv_unwrap(in->data, in->len, &nv);
	return nv.count && cert_facts_parse(nv.certs[0].p, nv.certs[0].len, &f, &why) == 0 && f.is_ca;
}

struct options {
	struct input in[CERTS_MAX];
	size_t count;
	const char *trust, *manufacturer;
	int json;
	int fetch_aia;
	struct http_options http;
};

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "cert", required_argument, NULL, 'c' }, { "trust", required_argument, NULL, 't' },
		{ "manufacturer", required_argument, NULL, 'm' }, { "json", no_argument, NULL, 'j' },
		{ "fetch-aia", no_argument, NULL, 'a' }, { "ca", required_argument, NULL, 'A' },
		{ "connect-to", required_argument, NULL, 'C' }, { "proxy", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	const char *why = NULL;
	memset(o, 0, sizeof(*o));
	http_options_defaults(&o->http);
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'c' && o->count < CERTS_MAX)
			o->in[o->count++].path = optarg;
		else if (c == 't')
			o->trust = optarg;
		else if (c == 'm')
			o->manufacturer = optarg;
		else if (c == 'j')
			o->json = 1;
		else if (c == 'a')
			o->fetch_aia = 1;
		else if (c == 'A')
			o->http.ca_file = optarg;
		else if (c == 'P') {
			if (http_options_proxy(&o->http, optarg, &why) != 0)
				return fprintf(stderr, "preflight: --proxy: %s\n", why), -1;
		} else if (c != 'C' || http_options_connect_to(&o->http, optarg) != 0)
			return -1;
	}
	return o->count && optind == argc ? 0 : -1;
}

int cmd_ek_verify(int argc, char **argv)
{
	static struct options o;
	if (parse_options(argc, argv, &o) != 0)
		return usage_error("ek-verify --cert FILE [--cert FILE...] [--trust FILE] [--manufacturer MFR] [--json]\n"
				   "                 [--fetch-aia [--ca FILE] [--connect-to HOST:ADDR:PORT]... [--proxy URL]]");
	struct trust_store store, *t = NULL;
	if (read_inputs(o.in, o.count) != 0 || (o.trust && open_trust_file(o.trust, &store, NULL, 0) != 0))
		return EXIT_CANNOT_RUN;
	t = o.trust ? &store : NULL;
	struct cert_pool pool;
	cert_pool_init(&pool);
	if (t)
		cert_pool_add_cab(&pool, t);
	add_chain_inputs(&pool, o.in, o.count);
	struct ek_render render;
	ek_render_begin(&render, o.json, t);
	int status = EXIT_READY;
	for (size_t i = 0; i < o.count; i++) {
		if (is_ca_input(&o.in[i]) && o.count > 1)
			continue;
		static struct ek_verification v;
		struct aia_online online = { http_get, &o.http };
		ek_verify(o.in[i].data, o.in[i].len, o.manufacturer, t ? &pool : NULL, t, o.fetch_aia ? &online : NULL,
			  (long long)time(NULL), &v);
		ek_render_one(&render, o.in[i].path, &v);
		if (!ek_verification_ready(&v, t != NULL))
			status = EXIT_NOT_READY;
	}
	ek_render_end(&render);
	cert_pool_free(&pool);
	if (t)
		trust_store_close(t);
	for (size_t i = 0; i < o.count; i++)
		free(o.in[i].data);
	return status;
}
