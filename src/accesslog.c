/* accesslog.c: the request line of a common or combined access log line
 * (see accesslog.h). The line is found by its fixed marks: the " [" that
 * opens the time, the "] \"" that opens the request, and the '"' that is
 * followed by a space and the three digits of the status. */
#include <string.h>
#include <strings.h>

#include "accesslog.h"
#include "hex.h"

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* A method is a token; these are the bytes of one (RFC 9110 tchar). */
static int is_tchar(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       is_digit(c) || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c));
}

/* request_end: the '"' closing the request that starts at p, followed by
 * " NNN"; NULL when there is none. */
static const char *request_end(const char *p, const char *end, int *status)
{
	for (; (p = memchr(p, '"', (size_t)(end - p))) != NULL; p++) {
		if (end - p < 5 || p[1] != ' ' || !is_digit(p[2]) ||
		    !is_digit(p[3]) || !is_digit(p[4]) ||
		    (end - p > 5 && p[5] != ' '))
			continue;
		*status = (p[2] - '0') * 100 + (p[3] - '0') * 10 + (p[4] - '0');
		return p;
	}
	return NULL;
}

/* unescape: the target with the server's \xHH, \" and \\ decoded into s;
 * returns its length, or -1 when it does not fit. */
static long unescape(const char *p, size_t n, struct accesslog_scratch *s)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		int hi, lo;

		if (c == '\\' && i + 3 < n && p[i + 1] == 'x' &&
		    (hi = hex_digit((unsigned char)p[i + 2])) >= 0 &&
		    (lo = hex_digit((unsigned char)p[i + 3])) >= 0) {
			c = (char)(hi * 16 + lo);
			i += 3;
		} else if (c == '\\' && i + 1 < n &&
			   (p[i + 1] == '"' || p[i + 1] == '\\'))
			c = p[++i];
		if (o == sizeof s->target)
			return -1;
		s->target[o++] = c;
	}
	return (long)o;
}

/* origin_form: the path of an absolute-form target ("http://h/p"). */
static struct slug_view origin_form(struct slug_view t,
				    struct accesslog_scratch *s)
{
	size_t skip = 0, n;
	const char *slash;

	if (t.len == 0 || (t.ptr[0] != 'h' && t.ptr[0] != 'H'))
		return t;
	if (t.len >= 7 && strncasecmp(t.ptr, "http://", 7) == 0)
		skip = 7;
	else if (t.len >= 8 && strncasecmp(t.ptr, "https://", 8) == 0)
		skip = 8;
	if (skip == 0)
		return t;
	for (slash = t.ptr + skip; slash < t.ptr + t.len && *slash != '/' &&
	     *slash != '?'; slash++)
		;	/* the authority ends at the path or the query */
	n = (size_t)(t.ptr + t.len - slash);
	if (n > 0 && *slash == '/')
		return (struct slug_view){ slash, n };
	if (n + 1 > sizeof s->target)
		n = sizeof s->target - 1;
	memmove(s->target + 1, slash, n);	/* it may be in s->target */
	s->target[0] = '/';	/* "http://host" or "http://host?q": the root */
	return (struct slug_view){ s->target, n + 1 };
}

/* request_line: split "METHOD TARGET[ PROTOCOL]" in [p, end). */
static enum accesslog_status request_line(const char *p, const char *end,
					  struct accesslog_scratch *s,
					  struct access_request *out)
{
	const char *m = p, *t;
	struct slug_view target;

	while (p < end && is_tchar(*p))
		p++;
	if (p == m || p == end || *p != ' ')
		return ACCESSLOG_NO_REQUEST;
	out->method = (struct slug_view){ m, (size_t)(p - m) };
	t = ++p;
	while (p < end && *p != ' ')
		p++;
	if (p == t || (p < end && (end - p < 6 || memcmp(p, " HTTP/", 6) != 0)))
		return ACCESSLOG_NO_REQUEST;
	target = (struct slug_view){ t, (size_t)(p - t) };
	if (memchr(t, '\\', target.len) != NULL) {
		long n = unescape(t, target.len, s);

		if (n < 0)
			return ACCESSLOG_MALFORMED;
		target = (struct slug_view){ s->target, (size_t)n };
	} else if (target.len > ACCESSLOG_TARGET_MAX)
		return ACCESSLOG_MALFORMED;
	target = origin_form(target, s);
	t = memchr(target.ptr, '?', target.len);
	out->path = (struct slug_view){ target.ptr,
		t ? (size_t)(t - target.ptr) : target.len };
	out->query = t ? (struct slug_view){ t + 1,
		target.len - out->path.len - 1 } : (struct slug_view){ "", 0 };
	return ACCESSLOG_OK;
}

enum accesslog_status accesslog_parse(const char *line, size_t len,
				      struct accesslog_scratch *s,
				      struct access_request *out)
{
	const char *end = line + len, *p, *q, *qe;

	memset(out, 0, sizeof *out);
	p = memchr(line, '[', len);
	if (p == NULL || p == line || p[-1] != ' ')
		return ACCESSLOG_MALFORMED;
	q = memchr(p, ']', (size_t)(end - p));
	if (q == NULL || end - q < 3 || q[1] != ' ' || q[2] != '"')
		return ACCESSLOG_MALFORMED;
	q += 3;
	qe = request_end(q, end, &out->status);
	if (qe == NULL)
		return ACCESSLOG_MALFORMED;
	return request_line(q, qe, s, out);
}

int accesslog_replayable(const struct access_request *a)
{
	return (a->method.len == 3 && memcmp(a->method.ptr, "GET", 3) == 0) ||
	       (a->method.len == 4 && memcmp(a->method.ptr, "HEAD", 4) == 0);
}

size_t accesslog_target(const struct access_request *a, char *out)
{
	size_t n = a->path.len;

	memcpy(out, a->path.ptr, n);
	if (a->query.len > 0) {
		out[n++] = '?';
		memcpy(out + n, a->query.ptr, a->query.len);
		n += a->query.len;
	}
	return n;
}

void accesslog_print(FILE *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || c == '\\')
			fprintf(out, "\\x%02X", c);
		else
			putc(c, out);
	}
}
