/* fuzz_http.c - HTTP responses from the network: the head parser, the chunked decoder (fed in pieces), URLs. */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "net/http_parse.h"
#include "net/url.h"
#include "net/http_date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_head h;
	const char *why;
	if (http_parse_head((const char *)data, size, &h, &why) == 1) {
		long long t;
		http_date_parse(h.date, &t);
		struct url base, next;
		if (url_parse("https://example.test/a", &base, &why) == 0)
			url_resolve(&base, h.location, &next, &why);
	}
	static uint8_t out[4096];
	size_t out_len = 0, step = size ? data[0] % 7 + 1 : 1;
	struct chunked c;
	chunked_init(&c);
	for (size_t i = 0; i < size; i += step)
		if (chunked_feed(&c, data + i, size - i < step ? size - i : step, out, sizeof(out), &out_len, &why) < 0)
			break;
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = 0;
	struct url u;
	url_parse(text, &u, &why);
	free(text);
	return 0;
}
