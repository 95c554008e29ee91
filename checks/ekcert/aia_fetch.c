/* aia_fetch.c - follow caIssuers URLs (http or https) to complete an EK chain. */
#include "checks/ekcert/aia_fetch.h"
#include <stdio.h>
#include <string.h>

void aia_complete_chain(struct cert_pool *pool, const struct cert_facts *leaf, long long now, struct chain_result *chain,
			const struct aia_online *online, struct aia_log *log)
{
	memset(log, 0, sizeof(*log));
	struct http_options o = *online->http;
	if (o.max_body > AIA_CERT_MAX)
		o.max_body = AIA_CERT_MAX;
	for (int depth = 0; depth < AIA_DEPTH_MAX && chain->state == CHAIN_MISSING_ISSUER && chain->missing_issuer_url[0];
	     depth++) {
		char url[256];
		snprintf(url, sizeof(url), "%s", chain->missing_issuer_url);
		struct http_result r;
		if (online->fetch(url, &o, &r) != 0 || r.head.status != 200) {
			snprintf(log->problem, sizeof(log->problem), "%s: %s", url,
				 r.failed ? r.error : r.head.status == 404 ? "HTTP 404" : "not HTTP 200");
			failure_code_set(log->code, r.failed ? r.code
							     : r.head.status == 404 ? "HTTP-NOT-FOUND" : "HTTP-UNEXPECTED-STATUS");
			http_result_free(&r);
			return;
		}
		size_t before = pool->count;
		cert_pool_add_copy(pool, r.body, r.body_len, SOURCE_AIA, url);
		http_result_free(&r);
		if (pool->count == before) {
			snprintf(log->problem, sizeof(log->problem), "%s: the answer is not a certificate", url);
			failure_code_set(log->code, "AIA-NOT-A-CERTIFICATE");
			return;
		}
		snprintf(log->urls[log->fetched++], sizeof(log->urls[0]), "%s", url);
		chain_build(pool, leaf, now, chain);
	}
}
