/* test_http_parse.c - URLs, response heads and the chunked coding, including what servers get wrong. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "net/http_parse.h"
#include "net/url.h"
#include "net/http_date.h"

static void urls(void **state)
{
	struct url u, v;
	const char *why;
	assert_int_equal(url_parse("https://IFX-KeyId-ab.microsoftaik.azure.net/templates/Aik/scep?operation=GetCACaps", &u, &why), 0);
	assert_true(u.https);
	assert_int_equal(u.port, 443);
	assert_string_equal(u.path, "/templates/Aik/scep?operation=GetCACaps");
	assert_int_equal(url_parse("http://[::1]:8080", &u, &why), 0);
	assert_string_equal(u.host, "::1");
	assert_int_equal(u.port, 8080);
	assert_string_equal(u.path, "/");
	assert_int_equal(url_parse("http://host?x=1#frag", &u, &why), 0);
	assert_string_equal(u.path, "/?x=1");
	assert_int_equal(url_parse("ftp://host/", &u, &why), -1);
	assert_int_equal(url_parse("https://user@host/", &u, &why), -1);
	assert_int_equal(url_parse("https://host:0/", &u, &why), -1);
	assert_int_equal(url_parse("https://host:99999/", &u, &why), -1);
	assert_int_equal(url_parse("https:///path", &u, &why), -1);
	assert_int_equal(url_parse("https://bad host/", &u, &why), -1);
	assert_int_equal(url_parse("https://go.microsoft.com/fwlink/?linkid=2097925", &u, &why), 0);
	assert_int_equal(url_resolve(&u, "https://download.microsoft.com/a/b.cab", &v, &why), 0);
	assert_string_equal(v.host, "download.microsoft.com");
	assert_int_equal(url_resolve(&u, "/other", &v, &why), 0);
	assert_string_equal(v.host, "go.microsoft.com");
	assert_string_equal(v.path, "/other");
	assert_int_equal(url_resolve(&u, "relative", &v, &why), -1);
}

/* Redirects never go from https to http; with credentials (extra headers) only within scheme, host and port. */
static void redirects_keep_tls_and_credentials_home(void **state)
{
	struct url from, to;
	const char *why;
	char text[URL_HOST_MAX + URL_PATH_MAX + 16];
	assert_int_equal(url_parse("https://collector.test/c", &from, &why), 0);
	static const struct {
		const char *location;
		int plain, credentials;
	} cases[] = {
		{ "/other", 0, 0 }, { "https://COLLECTOR.test:443/x", 0, 0 }, { "https://other.test/c", 0, -1 },
		{ "https://collector.test:8443/c", 0, -1 }, { "http://collector.test/c", -1, -1 },
		{ "http://127.0.0.1:8080/c", -1, -1 }, { "//other.test/c", 0, -1 },
	};
	char code[FAILURE_CODE_MAX];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(url_resolve(&from, cases[i].location, &to, &why), 0);
		code[0] = 0;
		assert_int_equal(url_redirect_allowed(&from, &to, false, &why, code), cases[i].plain);
		assert_string_equal(code, cases[i].plain ? "HTTP-REDIRECT-INSECURE" : "");
		code[0] = 0;
		assert_int_equal(url_redirect_allowed(&from, &to, true, &why, code), cases[i].credentials);
		assert_string_equal(code, cases[i].credentials ? "HTTP-REDIRECT-CROSS-ORIGIN" : "");
	}
	assert_int_equal(url_resolve(&from, "http://collector.test/c", &to, &why), 0);
	assert_int_equal(url_redirect_allowed(&from, &to, false, &why, code), -1);
	assert_non_null(strstr(why, "plain HTTP"));
	assert_int_equal(url_parse("http://a.test/x", &from, &why), 0);
	assert_int_equal(url_resolve(&from, "https://b.test/y", &to, &why), 0);
	assert_int_equal(url_redirect_allowed(&from, &to, false, &why, code), 0); /* http to https is an upgrade */
	url_format(&to, text, sizeof(text));
	assert_string_equal(text, "https://b.test/y");
	assert_int_equal(url_parse("http://[::1]:8080/p?q=1", &to, &why), 0);
	url_format(&to, text, sizeof(text));
	assert_string_equal(text, "http://[::1]:8080/p?q=1");
}

static void heads(void **state)
{
	struct http_head h;
	const char *why;
	const char ok[] = "HTTP/1.1 404 Not Found\r\nContent-Length: 12\r\nDate: Sat, 28 Nov 2026 16:30:00 GMT\r\n"
			  "Location: /x\r\n\r\nbody";
	assert_int_equal(http_parse_head(ok, 10, &h, &why), 0); /* incomplete */
	assert_int_equal(http_parse_head(ok, sizeof(ok) - 1, &h, &why), 1);
	assert_int_equal(h.status, 404);
	assert_string_equal(h.reason, "Not Found");
	assert_int_equal(h.content_length, 12);
	assert_string_equal(h.date, "Sat, 28 Nov 2026 16:30:00 GMT");
	assert_int_equal(h.length, sizeof(ok) - 1 - 4);
	const char both[] = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n";
	assert_int_equal(http_parse_head(both, sizeof(both) - 1, &h, &why), 1);
	assert_true(h.chunked);
	assert_int_equal(h.content_length, -1);
	static const char *bad[] = { "HTTP/2 200 OK\r\n\r\n", "HTTP/1.1 2x0 OK\r\n\r\n",
				     "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
				     "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
				     "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(http_parse_head(bad[i], strlen(bad[i]), &h, &why), -1);
	static char huge[HTTP_HEAD_MAX + 10];
	memset(huge, 'a', sizeof(huge));
	assert_int_equal(http_parse_head(huge, sizeof(huge), &h, &why), -1);
	assert_non_null(strstr(why, "16 KiB"));
}

/* A reason phrase or header value with a bare line break, an escape sequence or non-ASCII bytes reaches the screen
 * and reports as printable ASCII only; a Location with such bytes is refused. */
static void reason_and_values_are_printable(void **state)
{
	struct http_head h;
	const char *why;
	const char forged[] = "HTTP/1.1 503 Busy\nVERDICT  READY\x1b[2J\xc3\xa9\tx\r\n"
			      "Content-Type: text/\rplain\x07\r\nDate: Sat,\x1b]0;title\x07 28 Nov\r\n\r\n";
	assert_int_equal(http_parse_head(forged, sizeof(forged) - 1, &h, &why), 1);
	assert_string_equal(h.reason, "Busy?VERDICT  READY?[2J?? x");
	assert_string_equal(h.content_type, "text/?plain?");
	assert_string_equal(h.date, "Sat,?]0;title? 28 Nov");
	const char limited[] = "HTTP/1.1 429 Too Many Requests\r\nretry-after:  120 \r\n\r\n"; /* the AIK service's 429 */
	assert_int_equal(http_parse_head(limited, sizeof(limited) - 1, &h, &why), 1);
	assert_string_equal(h.retry_after, "120");
	assert_int_equal(http_parse_head(forged, sizeof(forged) - 1, &h, &why), 1);
	assert_string_equal(h.retry_after, "");
	const char moved[] = "HTTP/1.1 302 Found\r\nLocation: /next\x1b[2J\r\n\r\n";
	assert_int_equal(http_parse_head(moved, sizeof(moved) - 1, &h, &why), -1);
	assert_non_null(strstr(why, "Location"));
	const char latin[] = "HTTP/1.1 302 Found\r\nLocation: /caf\xe9\r\n\r\n";
	assert_int_equal(http_parse_head(latin, sizeof(latin) - 1, &h, &why), -1);
	const char fine[] = "HTTP/1.1 302 Found\r\nLocation: \t/next?a=1 \r\n\r\n";
	assert_int_equal(http_parse_head(fine, sizeof(fine) - 1, &h, &why), 1);
	assert_string_equal(h.location, "/next?a=1");
}

static void chunks_across_reads(void **state)
{
	const char body[] = "4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nTrailer: x\r\n\r\n";
	uint8_t out[64];
	size_t out_len = 0;
	const char *why;
	struct chunked c;
	chunked_init(&c);
	for (size_t i = 0; i < sizeof(body) - 1; i++) /* one byte at a time, as slow networks deliver it */
		assert_int_equal(chunked_feed(&c, (const uint8_t *)body + i, 1, out, sizeof(out), &out_len, &why), 1);
	assert_true(c.done);
	assert_int_equal(out_len, 23);
	assert_memory_equal(out, "Wikipedia in\r\n\r\nchunks.", 23);
	chunked_init(&c);
	out_len = 0;
	assert_int_equal(chunked_feed(&c, (const uint8_t *)"zz\r\n", 4, out, sizeof(out), &out_len, &why), -1);
	chunked_init(&c);
	out_len = 0;
	assert_int_equal(chunked_feed(&c, (const uint8_t *)"40\r\n", 4, out, 8, &out_len, &why), 4);
	uint8_t data[64] = { 0 };
	assert_int_equal(chunked_feed(&c, data, sizeof(data), out, 8, &out_len, &why), -1);
	assert_non_null(strstr(why, "larger"));
	chunked_init(&c);
	out_len = 0;
	assert_int_equal(chunked_feed(&c, (const uint8_t *)"1\r\nab", 6, out, sizeof(out), &out_len, &why), -1);
}

static void dates(void **state)
{
	long long t;
	assert_true(http_date_parse("Sat, 28 Nov 2026 16:30:00 GMT", &t));
	assert_int_equal(t, 1795883400);
	assert_true(http_date_parse("Sun, 06 Nov 1994 08:49:37 GMT", &t));
	assert_int_equal(t, 784111777);
	assert_false(http_date_parse("Sunday, 06-Nov-94 08:49:37 GMT", &t)); /* obsolete RFC 850 form */
	assert_false(http_date_parse("Sun, 06 Xyz 1994 08:49:37 GMT", &t));
	assert_false(http_date_parse("Sun, 06 Nov 1994 25:49:37 GMT", &t));
	assert_false(http_date_parse("", &t));
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(urls),
					    cmocka_unit_test(redirects_keep_tls_and_credentials_home), cmocka_unit_test(heads),
					    cmocka_unit_test(reason_and_values_are_printable), cmocka_unit_test(chunks_across_reads),
					    cmocka_unit_test(dates) };
	return cmocka_run_group_tests_name("http parsing", tests, NULL, NULL);
}
