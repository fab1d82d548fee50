/* fuzz/links.c: libFuzzer harness for the link check's parsers: any bytes
 * as an HTML body through html_links, and each value it gives through
 * link_resolve on a page URL. Aborts when a contract is broken: an offset
 * outside the text, a value longer than promised, or a resolved path that
 * does not start with '/', holds dot segments, a '?' or a '#'. */
#include <stdlib.h>
#include <string.h>

#include "htmllinks.h"
#include "linkresolve.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static struct link_base base;
static char buf[LINK_PATH_MAX];
static size_t text_len;

static int has_dot_segment(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] == '/' && i + 1 < n && p[i + 1] == '.' &&
		    (i + 2 == n || p[i + 2] == '/' ||
		     (p[i + 2] == '.' && (i + 3 == n || p[i + 3] == '/'))))
			return 1;
	return 0;
}

static void one(void *ctx, const char *v, size_t n, size_t at,
		const char *attr)
{
	struct slug_view path, query;

	(void)ctx;
	if (at > text_len || n > HTMLLINKS_VALUE_MAX || attr == NULL)
		abort();
	if (link_resolve(&base, "/blog/a-page/", v, n, buf, &path,
			 &query) != LINK_INTERNAL)
		return;
	if (path.len == 0 || path.ptr[0] != '/' ||
	    memchr(path.ptr, '?', path.len) || memchr(path.ptr, '#', path.len) ||
	    has_dot_segment(path.ptr, path.len) ||
	    memchr(query.ptr, '#', query.len))
		abort();
	(void)link_is_file(path);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	if (base.host[0] == '\0')
		link_base_init(&base, "https://www.example.org");
	text_len = size;
	html_links((const char *)data, size, one, NULL);
	return 0;
}
