/* nearpath.h: for a path the index does not answer, the page a visitor
 * most likely wanted: the same path without ".html" (".htm", ".php"), or
 * the one page whose last path segment is the same slug (the same post
 * under another date or another language prefix; none when several pages
 * have it). Used by slugindex replay. */
#ifndef SLUG_NEARPATH_H
#define SLUG_NEARPATH_H

#include "hitmap.h"
#include "index.h"

struct nearpath {
	const struct index *idx;
	struct hitmap slugs;	/* last segment -> page (value) */
	int built;
};

/* nearpath_find: the canonical URL suggested for raw path[0..n), with why in
 * *why ("without .html", "same slug"); NULL when there is none. The view
 * points into the index. */
const char *nearpath_find(struct nearpath *s, const char *path, size_t n,
			size_t *urllen, const char **why);

void nearpath_free(struct nearpath *s);

#endif
