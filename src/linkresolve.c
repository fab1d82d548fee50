/* linkresolve.c: links to requests (see linkresolve.h). */
#include <string.h>
#include <strings.h>

#include "linkresolve.h"

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* authority: the host of "//host[:port]..." at v; *rest after it. */
static struct slug_view authority(const char *v, size_t n, size_t *rest)
{
	size_t i = 2, start, end;
	const char *at;

	while (i < n && v[i] != '/' && v[i] != '?' && v[i] != '#')
		i++;
	*rest = i;
	start = 2;
	at = memchr(v + 2, '@', i - 2);
	if (at != NULL)
		start = (size_t)(at - v) + 1;
	end = start;
	while (end < i && v[end] != ':')
		end++;
	return (struct slug_view){ v + start, end - start };
}

void link_base_init(struct link_base *b, const char *base_url)
{
	const char *p = base_url ? strstr(base_url, "://") : NULL;
	struct slug_view h;
	size_t rest;

	b->host[0] = '\0';
	if (p == NULL)
		return;
	h = authority(p + 1, strlen(p + 1), &rest);
	if (h.len < sizeof b->host) {
		memcpy(b->host, h.ptr, h.len);
		b->host[h.len] = '\0';
	}
}

/* scheme_len: the length of v's scheme before ':', 0 when it has none. */
static size_t scheme_len(const char *v, size_t n)
{
	size_t i = 0;

	if (n == 0 || !((v[0] | 0x20) >= 'a' && (v[0] | 0x20) <= 'z'))
		return 0;
	while (i < n && (((v[i] | 0x20) >= 'a' && (v[i] | 0x20) <= 'z') ||
			 (v[i] >= '0' && v[i] <= '9') || v[i] == '+' ||
			 v[i] == '-' || v[i] == '.'))
		i++;
	return i < n && v[i] == ':' ? i : 0;
}

/* remove_dots: RFC 3986 5.2.4 over buf[0..n) (a path from '/'), in place;
 * returns the new length. */
static size_t remove_dots(char *buf, size_t n)
{
	size_t o = 0, i = 0;

	while (i < n) {
		size_t j = i + 1, len;

		while (j < n && buf[j] != '/')
			j++;
		len = j - i - 1;	/* the segment after buf[i] == '/' */
		if (len == 1 && buf[i + 1] == '.') {
			if (j == n)
				buf[o++] = '/';
		} else if (len == 2 && buf[i + 1] == '.' && buf[i + 2] == '.') {
			while (o > 0 && buf[--o] != '/')
				;
			if (j == n)
				buf[o++] = '/';
		} else {
			memmove(buf + o, buf + i, j - i);
			o += j - i;
		}
		i = j;
	}
	return o ? o : (buf[0] = '/', 1);
}

/* merge: the reference v (no scheme, no authority) on page_url into buf. */
static int merge(const char *page_url, const char *v, size_t n, char *buf,
		 size_t *len)
{
	size_t base = strlen(page_url);

	if (n > 0 && v[0] == '/')
		base = 0;
	else if (n == 0 || v[0] != '?')
		while (base > 0 && page_url[base - 1] != '/')
			base--;
	if (base + n >= LINK_PATH_MAX)
		return -1;
	memmove(buf + base, v, n);	/* v may be buf itself */
	memcpy(buf, page_url, base);
	*len = base + n;
	return 0;
}

enum link_kind link_resolve(const struct link_base *b, const char *page_url,
			    const char *v, size_t n, char *buf,
			    struct slug_view *path, struct slug_view *query)
{
	size_t s, len, q;
	const char *hash;

	while (n > 0 && is_space(v[0]))
		v++, n--;
	while (n > 0 && is_space(v[n - 1]))
		n--;
	if ((hash = memchr(v, '#', n)) != NULL)
		n = (size_t)(hash - v);
	if (n == 0)
		return LINK_OTHER;	/* "" or "#x": this page */
	if ((s = scheme_len(v, n)) > 0) {
		if (!((s == 4 && strncasecmp(v, "http", 4) == 0) ||
		      (s == 5 && strncasecmp(v, "https", 5) == 0)) ||
		    n < s + 3 || v[s + 1] != '/' || v[s + 2] != '/')
			return LINK_OTHER;
		v += s + 1, n -= s + 1;
	}
	if (n >= 2 && v[0] == '/' && v[1] == '/') {
		struct slug_view h = authority(v, n, &s);

		if (b->host[0] == '\0' || h.len != strlen(b->host) ||
		    strncasecmp(h.ptr, b->host, h.len) != 0)
			return LINK_EXTERNAL;
		v += s, n -= s;
		if (n == 0 || v[0] != '/') {	/* "http://host" or "?q" */
			if (n + 1 >= LINK_PATH_MAX)
				return LINK_OTHER;
			buf[0] = '/';
			memcpy(buf + 1, v, n);
			v = buf, n++;
		}
	}
	if (merge(page_url, v, n, buf, &len) < 0)
		return LINK_OTHER;
	for (q = 0; q < len && buf[q] != '?'; q++)
		;
	*query = q < len ? (struct slug_view){ buf + q + 1, len - q - 1 }
			 : (struct slug_view){ "", 0 };
	if (q < len) {		/* the query moves after the shorter path */
		size_t p = remove_dots(buf, q);

		memmove(buf + p, buf + q, len - q);
		query->ptr = buf + p + 1;
		q = p;
	} else
		q = remove_dots(buf, q);
	*path = (struct slug_view){ buf, q };
	return LINK_INTERNAL;
}

int link_is_file(struct slug_view path)
{
	static const char *const pages[] = {".html", ".htm", ".php", ".xml"};
	const char *p = path.ptr + path.len, *dot = NULL;

	while (p > path.ptr && p[-1] != '/') {
		p--;
		if (*p == '.' && dot == NULL)
			dot = p;
	}
	if (dot == NULL || dot == p)
		return 0;
	for (size_t i = 0; i < sizeof pages / sizeof *pages; i++)
		if ((size_t)(path.ptr + path.len - dot) == strlen(pages[i]) &&
		    strncasecmp(dot, pages[i], strlen(pages[i])) == 0)
			return 0;
	return 1;
}
