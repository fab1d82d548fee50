/* http.c: statuses, the response head writer that refuses CR/LF/NUL, and
 * the parsers for HTTP-dates, If-None-Match lists and query strings.
 * The contracts are in http.h. */
#include <string.h>

#include "date.h"
#include "http.h"

const struct http_status_info http_statuses[HTTP__MAX] = {
	[HTTP_OK] = { 200, "OK" },
	[HTTP_MOVED_PERMANENTLY] = { 301, "Moved Permanently" },
	[HTTP_FOUND] = { 302, "Found" },
	[HTTP_NOT_MODIFIED] = { 304, "Not Modified" },
	[HTTP_TEMPORARY_REDIRECT] = { 307, "Temporary Redirect" },
	[HTTP_PERMANENT_REDIRECT] = { 308, "Permanent Redirect" },
	[HTTP_BAD_REQUEST] = { 400, "Bad Request" },
	[HTTP_NOT_FOUND] = { 404, "Not Found" },
	[HTTP_METHOD_NOT_ALLOWED] = { 405, "Method Not Allowed" },
	[HTTP_GONE] = { 410, "Gone" },
	[HTTP_URI_TOO_LONG] = { 414, "URI Too Long" },
	[HTTP_HEADERS_TOO_LARGE] = { 431, "Request Header Fields Too Large" },
	[HTTP_INTERNAL_ERROR] = { 500, "Internal Server Error" },
	[HTTP_UNAVAILABLE] = { 503, "Service Unavailable" },
};

/* tchar of RFC 9110 5.6.2. */
static int is_tchar(unsigned char c)
{
	static const char marks[] = "!#$%&'*+-.^_`|~";

	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && memchr(marks, c, sizeof(marks) - 1) != NULL;
}

int http_value_safe(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return 0;
	return 1;
}

static void put(struct http_head *h, const char *s, size_t len)
{
	memcpy(h->buf + h->len, s, len);
	h->len += len;
}

void http_head_start(struct http_head *h, enum http_status st)
{
	const struct http_status_info *si;
	char line[] = "Status: 000 ";

	if ((unsigned int)st >= HTTP__MAX)
		st = HTTP_INTERNAL_ERROR;
	si = &http_statuses[st];
	h->len = 0;
	h->broken = 0;
	line[8] = (char)('0' + si->code / 100);
	line[9] = (char)('0' + si->code / 10 % 10);
	line[10] = (char)('0' + si->code % 10);
	put(h, line, sizeof(line) - 1);
	put(h, si->reason, strlen(si->reason));
	put(h, "\r\n", 2);
}

int http_header(struct http_head *h, const char *name,
		const struct slug_view *parts, size_t n)
{
	size_t i, namelen = strlen(name), need = namelen + 4;

	if (h->broken || namelen == 0)
		goto refuse;
	for (i = 0; i < namelen; i++)
		if (!is_tchar((unsigned char)name[i]))
			goto refuse;
	for (i = 0; i < n; i++) {
		if (parts[i].len > HTTP_HEAD_MAX ||
		    !http_value_safe(parts[i].ptr, parts[i].len))
			goto refuse;
		need += parts[i].len;	/* stays below 2 * HTTP_HEAD_MAX */
		if (need > HTTP_HEAD_MAX)
			goto refuse;
	}
	/* h->len <= HTTP_HEAD_MAX - 2 always: the room check keeps two
	 * bytes for the empty line that ends the head. */
	if (need > HTTP_HEAD_MAX - 2 - h->len)
		goto refuse;
	put(h, name, namelen);
	put(h, ": ", 2);
	for (i = 0; i < n; i++)
		put(h, parts[i].ptr, parts[i].len);
	put(h, "\r\n", 2);
	return 0;
refuse:
	h->broken = 1;
	return -1;
}

int http_header_str(struct http_head *h, const char *name, const char *value)
{
	struct slug_view v = { value, strlen(value) };

	return http_header(h, name, &v, 1);
}

int http_header_u64(struct http_head *h, const char *name, uint64_t value)
{
	char digits[24];
	struct slug_view v;
	size_t i = sizeof(digits);

	do {
		digits[--i] = (char)('0' + value % 10);
		value /= 10;
	} while (value > 0);
	v.ptr = digits + i;
	v.len = sizeof(digits) - i;
	return http_header(h, name, &v, 1);
}

int http_head_end(struct http_head *h)
{
	if (h->broken)
		return -1;
	put(h, "\r\n", 2);
	return 0;
}

/* A cursor over a date being parsed; each step returns 0 or -1. */
struct cur {
	const char *s;
	size_t len, i;
};

static int lit(struct cur *c, const char *want)
{
	size_t n = strlen(want);

	if (n > c->len - c->i || memcmp(c->s + c->i, want, n) != 0)
		return -1;
	c->i += n;
	return 0;
}

/* num: exactly ndigits digits (a leading space allowed when pad). */
static int num(struct cur *c, int ndigits, int pad, int *out)
{
	int k, v = 0;

	if (pad && c->i < c->len && c->s[c->i] == ' ') {
		c->i++;
		ndigits--;
	}
	for (k = 0; k < ndigits; k++, c->i++) {
		if (c->i >= c->len || c->s[c->i] < '0' || c->s[c->i] > '9')
			return -1;
		v = v * 10 + (c->s[c->i] - '0');
	}
	*out = v;
	return 0;
}

/* word: one of names[0..n), the index of which is stored in *out. */
static int word(struct cur *c, const char *const *names, int n, int *out)
{
	int k;

	for (k = 0; k < n; k++)
		if (lit(c, names[k]) == 0) {
			*out = k;
			return 0;
		}
	return -1;
}

static const char *const days_short[7] = {
	"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
};
static const char *const days_long[7] = {
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
	"Sunday"
};
static const char *const months[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

static int hms(struct cur *c, int *h, int *m, int *s)
{
	if (num(c, 2, 0, h) || lit(c, ":") || num(c, 2, 0, m) || lit(c, ":") ||
	    num(c, 2, 0, s))
		return -1;
	return *h > 23 || *m > 59 || *s > 60 ? -1 : 0;
}

/* parse_forms: the three forms, tried in turn from the same start. */
static int parse_forms(struct cur *c, int *y, int *mo, int *d, int *h,
		       int *mi, int *s)
{
	size_t start = c->i;
	int wd;

	if (word(c, days_short, 7, &wd) == 0 && lit(c, ", ") == 0) {
		return num(c, 2, 0, d) || lit(c, " ") ||
		       word(c, months, 12, mo) || lit(c, " ") ||
		       num(c, 4, 0, y) || lit(c, " ") || hms(c, h, mi, s) ||
		       lit(c, " GMT") ? -1 : 0;
	}
	c->i = start;
	if (word(c, days_long, 7, &wd) == 0 && lit(c, ", ") == 0) {
		if (num(c, 2, 0, d) || lit(c, "-") || word(c, months, 12, mo) ||
		    lit(c, "-") || num(c, 2, 0, y) || lit(c, " ") ||
		    hms(c, h, mi, s) || lit(c, " GMT"))
			return -1;
		/* A fixed pivot rather than RFC 9110's "not more than 50
		 * years ahead": a wrong 19xx only costs a full 200. */
		*y += *y < 70 ? 2000 : 1900;
		return 0;
	}
	c->i = start;
	return word(c, days_short, 7, &wd) || lit(c, " ") ||
	       word(c, months, 12, mo) || lit(c, " ") || num(c, 2, 1, d) ||
	       lit(c, " ") || hms(c, h, mi, s) || lit(c, " ") ||
	       num(c, 4, 0, y) ? -1 : 0;
}

int http_parse_date(const char *s, size_t len, int64_t *t)
{
	struct cur c = { s, len, 0 };
	int y, mo, d, h, mi, sec;

	while (c.i < c.len && (s[c.i] == ' ' || s[c.i] == '\t'))
		c.i++;
	while (c.len > c.i && (s[c.len - 1] == ' ' || s[c.len - 1] == '\t'))
		c.len--;
	if (parse_forms(&c, &y, &mo, &d, &h, &mi, &sec) || c.i != c.len)
		return -1;
	mo++;
	if (!date_valid(y, mo, d))
		return -1;
	*t = date_unix(y, mo, d, h, mi, sec);
	return 0;
}

/* skip the W/ of a weak tag and return the opaque-tag's view, or a view
 * with ptr NULL when e[0..len) starts with no entity-tag at all. */
static struct slug_view opaque_tag(const char *e, size_t len)
{
	struct slug_view v = { NULL, 0 };
	const char *q;

	if (len >= 2 && e[0] == 'W' && e[1] == '/') {
		e += 2;
		len -= 2;
	}
	if (len < 2 || e[0] != '"')
		return v;
	if ((q = memchr(e + 1, '"', len - 1)) == NULL)
		return v;
	v.ptr = e;
	v.len = (size_t)(q - e) + 1;
	return v;
}

int http_etag_match(const char *f, size_t len, const char *etag,
		    size_t etaglen)
{
	struct slug_view mine = opaque_tag(etag, etaglen), theirs;
	size_t i = 0;

	if (mine.ptr == NULL)
		return 0;
	for (;;) {
		while (i < len && (f[i] == ' ' || f[i] == '\t' || f[i] == ','))
			i++;
		if (i == len)
			return 0;
		if (f[i] == '*')
			return 1;
		theirs = opaque_tag(f + i, len - i);
		if (theirs.ptr == NULL)
			return 0;	/* malformed: nothing after it counts */
		if (theirs.len == mine.len &&
		    memcmp(theirs.ptr, mine.ptr, mine.len) == 0)
			return 1;
		i = (size_t)(theirs.ptr - f) + theirs.len;
	}
}

