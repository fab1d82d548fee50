/* linkresolve.h: a link in a page body, as a request to the site: a path
 * as is, a relative reference merged with the page's URL (RFC 3986 5.2,
 * dot segments removed), a URL on the site's own host (base_url's, either
 * scheme) cut to its path; the fragment dropped, the query kept. */
#ifndef SLUG_LINKRESOLVE_H
#define SLUG_LINKRESOLVE_H

#include <stddef.h>

#include "index.h"	/* struct slug_view */
#include "pathnorm.h"
#include "route.h"

#define LINK_PATH_MAX (PATHNORM_MAX + ROUTE_QUERY_MAX + 2)

enum link_kind {
	LINK_INTERNAL,	/* path and query set: ask the index */
	LINK_EXTERNAL,	/* another host */
	LINK_OTHER,	/* a fragment, an empty link, mailto:, tel:, data:,
			   javascript:, or too long to ask */
};

struct link_base {
	char host[256];	/* base_url's host, without port; "" when none */
};

void link_base_init(struct link_base *b, const char *base_url);

/* link_resolve: v[0..n) on the page whose URL is page_url. path and query
 * point into buf (LINK_PATH_MAX bytes) or v. */
enum link_kind link_resolve(const struct link_base *b, const char *page_url,
			    const char *v, size_t n, char *buf,
			    struct slug_view *path, struct slug_view *query);

/* link_is_file: the path names a file (its last segment has an extension
 * other than .html, .htm, .php, .xml): an image or a download, which the
 * web server serves, not slugserve. */
int link_is_file(struct slug_view path);

#endif
