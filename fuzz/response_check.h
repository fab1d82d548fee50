/* response_check.h: the fuzz harnesses' oracle for one response from
 * respond(): collects what it writes and checks the CGI framing. */
#ifndef SLUG_FUZZ_RESPONSE_CHECK_H
#define SLUG_FUZZ_RESPONSE_CHECK_H

#include <stddef.h>

#include "respond.h"

/* Room for one response: a head (HTTP_HEAD_MAX) and the largest page of
 * the sample index; writes beyond it fail, which respond() must survive. */
#define RESPONSE_MAX (1u << 20)

struct response {
	char buf[RESPONSE_MAX];
	size_t len;
};

/* response_write: an index_write_fn appending to a struct response. */
int response_write(void *ctx, const char *buf, size_t len);

/* response_check: abort() unless r holds one well-formed CGI response
 * whose status is code (respond()'s return value): "Status: NNN reason",
 * header lines "Name: value" with a token name and a value free of CR, LF,
 * NUL and other control bytes (so no header was split or injected), an
 * empty line, then a body of exactly Content-Length bytes (none after a
 * HEAD, a 304, or a redirect). head_only: the request was a HEAD. */
void response_check(const struct response *r, int code, int head_only);

#endif
