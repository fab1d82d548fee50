/* routes.c: the routes of a site, each a key (a normalised path) leading to
 * a page as its canonical path or an alias: adding them, sorting them,
 * finding one, and refusing a path two pages claim. Also the newest-first
 * order that list pages, archives and feeds share. */
#include <stdlib.h>
#include <string.h>

#include "site.h"

int site_add_route(struct site *s, char *key, size_t page,
		     enum route_kind kind, unsigned long line,
		     unsigned long col)
{
	if (key == NULL)
		return -1;	/* the caller's strdup failed */
	if (s->nroutes == s->cap_routes) {
		size_t cap = s->cap_routes ? 2 * s->cap_routes : 256;
		struct route *r = realloc(s->routes, cap * sizeof *r);

		if (r == NULL) {
			free(key);
			return -1;
		}
		s->routes = r;
		s->cap_routes = cap;
	}
	s->routes[s->nroutes++] = (struct route){key, page, kind, line, col};
	return 0;
}

/* Make room for n more pages (by doubling). Returns 0 or -1. */
static int route_cmp(const void *a, const void *b)
{
	const struct route *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	if (x->kind != y->kind)		/* canonical first */
		return (int)x->kind - (int)y->kind;
	return x->page < y->page ? -1 : x->page > y->page;
}

void site_sort_routes(struct site *s)
{
	qsort(s->routes, s->nroutes, sizeof s->routes[0], route_cmp);
	s->nsorted = s->nroutes;
}

static int key_cmp(const void *key, const void *route)
{
	return strcmp(key, ((const struct route *)route)->key);
}

int site_has_key(const struct site *s, const char *key)
{
	return bsearch(key, s->routes, s->nsorted, sizeof s->routes[0],
		       key_cmp) != NULL;
}

static int newest_first(const void *a, const void *b, void *pages)
{
	const struct page *x = (const struct page *)pages + *(const size_t *)a;
	const struct page *y = (const struct page *)pages + *(const size_t *)b;

	if (x->date != y->date)
		return x->date < y->date ? 1 : -1;
	return strcmp(x->key, y->key);
}

void site_sort_newest(const struct site *s, size_t *idx, size_t n)
{
	qsort_r(idx, n, sizeof *idx, newest_first, s->pages);
}

/* Report a path claimed by two pages; drop a route a page repeats. */
void site_check_conflicts(struct site *s, struct diag *d)
{
	size_t out = 0;

	site_sort_routes(s);
	for (size_t i = 0; i < s->nroutes; i++) {
		struct route *r = &s->routes[i], *prev = out ? &s->routes[out - 1]
							   : NULL;

		if (prev == NULL || strcmp(prev->key, r->key) != 0) {
			s->routes[out++] = *r;
			continue;
		}
		if (prev->page == r->page) {
			diag_at(d, DIAG_WARNING, s->pages[r->page].file, r->line,
				r->col, "alias '%s' is the page's own path or "
				"repeats an alias: ignored", r->key);
		} else {
			diag_at(d, DIAG_ERROR, s->pages[r->page].file, r->line,
				r->col, "path '%s' (%s) is also claimed by %s "
				"(%s%s)", r->key, route_kind_names[r->kind],
				s->pages[prev->page].file,
				route_kind_names[prev->kind],
				prev->kind == ROUTE_ALIAS ? "" : " path");
		}
		free(r->key);
	}
	s->nroutes = s->nsorted = out;
}
