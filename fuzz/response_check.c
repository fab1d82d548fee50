/* response_check.c: check the framing of one CGI response (see
 * response_check.h). Every failure is an abort(), which libFuzzer and the
 * replay tests report as a crash with the input that caused it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "response_check.h"

int response_write(void *ctx, const char *buf, size_t len)
{
	struct response *r = ctx;

	if (len > sizeof(r->buf) - r->len)
		return -1;
	memcpy(r->buf + r->len, buf, len);
	r->len += len;
	return 0;
}

static void bad(const struct response *r, const char *why)
{
	fprintf(stderr, "response_check: %s\n--- response (%zu bytes) ---\n"
		"%.*s\n---\n", why, r->len, (int)(r->len > 2000 ? 2000 : r->len),
		r->buf);
	abort();
}

static int is_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

void response_check(const struct response *r, int code, int head_only)
{
	const char *p = r->buf, *end = r->buf + r->len, *eol;
	long long clen = -1;
	char num[3];

	if (code < 0)
		return;	/* the writer failed: the response was cut short */
	if (code < 100 || code > 599)
		bad(r, "respond() returned no status code");
	num[0] = (char)('0' + code / 100);
	num[1] = (char)('0' + code / 10 % 10);
	num[2] = (char)('0' + code % 10);
	if (r->len < 14 || memcmp(p, "Status: ", 8) != 0 ||
	    memcmp(p + 8, num, 3) != 0 || p[11] != ' ')
		bad(r, "no Status line, or not the status returned");
	for (;;) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL || eol == p || eol[-1] != '\r')
			bad(r, "a head line does not end in CRLF");
		if (eol - p == 1)
			break;		/* the empty line */
		if (p != r->buf) {
			const char *c = p, *colon;

			while (c < eol - 1 && is_tchar((unsigned char)*c))
				c++;
			if (c == p || *c != ':' || c[1] != ' ')
				bad(r, "a header name is not a token");
			colon = c;
			for (c = colon + 2; c < eol - 1; c++)
				if (((unsigned char)*c < 0x20 && *c != '\t') ||
				    *c == 0x7f)
					bad(r, "a control byte in a header");
			if (colon - p == 14 &&
			    strncasecmp(p, "Content-Length", 14) == 0) {
				char *e;

				if (clen >= 0)
					bad(r, "two Content-Length headers");
				clen = strtoll(colon + 2, &e, 10);
				if (e != eol - 1 || clen < 0)
					bad(r, "a bad Content-Length");
			}
		} else {
			for (const char *c = p; c < eol - 1; c++)
				if ((unsigned char)*c < 0x20 || *c == 0x7f)
					bad(r, "a control byte in the status line");
		}
		p = eol + 1;
	}
	p += 2;
	if (head_only || code == 304 || (code >= 300 && code < 400)) {
		if (p != end)
			bad(r, "a body after a HEAD, a 304 or a redirect");
		return;
	}
	if (clen < 0)
		bad(r, "no Content-Length");
	if ((long long)(end - p) != clen)
		bad(r, "the body is not Content-Length bytes");
}
