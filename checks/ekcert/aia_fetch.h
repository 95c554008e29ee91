/*
 * aia_fetch.h - fetch a missing issuing CA from the caIssuers URL of the
 * certificate it should have issued (RFC 5280 4.2.2.1, docs/attestation-facts.md §5), add it
 * to the pool and build the chain again; bounded in depth and size.
 */
#ifndef PREFLIGHT_AIA_FETCH_H
#define PREFLIGHT_AIA_FETCH_H
#include "checks/ekcert/cert_chain.h"
#include "net/http_client.h"

enum { AIA_DEPTH_MAX = 3, AIA_CERT_MAX = 64 * 1024 };

struct aia_online {
	int (*fetch)(const char *url, const struct http_options *options, struct http_result *result);
	const struct http_options *http;
};

struct aia_log {
	int fetched;
	char urls[AIA_DEPTH_MAX][256];
	char problem[240]; /* the last fetch that did not help, and why */
	char code[FAILURE_CODE_MAX]; /* and its code (net/failure_code.h) */
};

/* While the chain lacks an issuer that has a caIssuers URL, fetches it and rebuilds (at most AIA_DEPTH_MAX). */
void aia_complete_chain(struct cert_pool *pool, const struct cert_facts *leaf, long long now, struct chain_result *chain,
			const struct aia_online *online, struct aia_log *log);

#endif
