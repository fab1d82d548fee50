/* http.h: the HTTP vocabulary of the responder: the status table, the
 * response head writer (CGI form, "Status:" first) that refuses CR, LF and
 * NUL in any header by construction, and the parsers for the request fields
 * slugserve reads: HTTP-dates (If-Modified-Since), entity-tag lists
 * (If-None-Match) and query strings (re-encoded for Location).
 * Nothing here allocates; every function works on caller buffers. */
#ifndef SLUG_HTTP_H
#define SLUG_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "index.h"

/* The statuses slugserve sends. */
enum http_status {
	HTTP_OK,			/* 200 */
	HTTP_MOVED_PERMANENTLY,		/* 301 */
	HTTP_FOUND,			/* 302 */
	HTTP_NOT_MODIFIED,		/* 304 */
	HTTP_TEMPORARY_REDIRECT,	/* 307 */
	HTTP_PERMANENT_REDIRECT,	/* 308 */
	HTTP_BAD_REQUEST,		/* 400 */
	HTTP_NOT_FOUND,			/* 404 */
	HTTP_METHOD_NOT_ALLOWED,	/* 405 */
	HTTP_GONE,			/* 410 */
	HTTP_URI_TOO_LONG,		/* 414 */
	HTTP_HEADERS_TOO_LARGE,		/* 431 */
	HTTP_INTERNAL_ERROR,		/* 500 */
	HTTP_UNAVAILABLE,		/* 503 */
	HTTP__MAX
};

struct http_status_info {
	int code;
	const char *reason;
};

extern const struct http_status_info http_statuses[HTTP__MAX];

/* Room for one response head. The longest head slugserve builds is a
 * redirect: an index URL (a path the normaliser accepted, at most
 * 3 * PATHNORM_MAX once encoded) plus a re-encoded query (at most
 * 3 * RESPOND_QUERY_MAX); anything longer marks the head broken. */
#define HTTP_HEAD_MAX 65536

/* A response head being built. Headers are appended whole or not at all:
 * a header whose name is not a token, or whose value holds a control byte
 * other than HTAB (so never CR, LF or NUL), or that does not fit, is left
 * out and marks the head broken, and a broken head must not be sent. */
struct http_head {
	size_t len;
	int broken;
	char buf[HTTP_HEAD_MAX];
};

/* http_value_safe: s[0..len) may go into a response header as it is:
 * printable ASCII only (0x20-0x7e; no CR, LF, NUL, other control byte or
 * byte above 0x7e). The one rule for every header value: the config
 * (base_url, cache_control), the index reader (each header string it
 * hands out) and http_header (the last line of defence) all apply it. */
int http_value_safe(const char *s, size_t len);

/* http_head_start: empty h and write "Status: CODE REASON". */
void http_head_start(struct http_head *h, enum http_status st);

/* http_header: append "name: value" where value is the concatenation of
 * the n views in parts (so a Location can be URL + "?" + query without a
 * copy). Returns 0, or -1 when refused (h->broken is then set). */
int http_header(struct http_head *h, const char *name,
		const struct slug_view *parts, size_t n);

/* http_header_str / http_header_u64: the same for one C string / number. */
int http_header_str(struct http_head *h, const char *name, const char *value);
int http_header_u64(struct http_head *h, const char *name, uint64_t value);

/* http_head_end: append the empty line. Returns 0, or -1 when the head is
 * broken (then it must not be sent). */
int http_head_end(struct http_head *h);

/* http_parse_date: parse an HTTP-date (RFC 9110 5.6.7) from s[0..len):
 * IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", and the obsolete RFC 850
 * "Sunday, 06-Nov-94 08:49:37 GMT" and asctime "Sun Nov  6 08:49:37 1994"
 * forms; surrounding blanks are skipped. Returns 0 and sets *t (seconds
 * since the epoch), or -1 when s is not a valid date (*t untouched). */
int http_parse_date(const char *s, size_t len, int64_t *t);

/* http_etag_match: does the If-None-Match field value f[0..len) match
 * etag (with its quotes, maybe with "W/")? Weak comparison (RFC 9110
 * 8.8.3.2): the W/ prefixes are ignored and the opaque tags compared.
 * "*" matches. A malformed member ends the list: what came before it
 * still counts. Returns 1 or 0. */
int http_etag_match(const char *f, size_t len, const char *etag,
		    size_t etaglen);

#endif
