/* http_date.h - the HTTP Date header (RFC 9110 5.6.7, IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT") as Unix time. */
#ifndef PREFLIGHT_HTTP_DATE_H
#define PREFLIGHT_HTTP_DATE_H
#include <stdbool.h>
bool http_date_parse(const char *text, long long *out);
#endif
