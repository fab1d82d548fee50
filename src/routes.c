/* routes.c: the routes of a site, each a key (a normalised path) leading to
 * a page as its canonical path or an alias: adding them (also the config's
 * "- alias:" items), sorting them, finding one, and refusing a path two
 * pages claim. Also the newest-first order that list pages, archives and
 * feeds share. */
#include <stdlib.h>
#include <string.h>

#include "pathnorm.h"
#include "site.h"

/* route.h's ROUTE_QUERY_MAX (site.h's struct route keeps that header
 * out): a longer query is a 414, so an alias with one could never match. */
#define ALIAS_QUERY_MAX 4096

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
	s->routes[s->nroutes++] = (struct route){key, page, kind, NULL, line,
						 col};
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

/* config_alias: one "- alias:" of the config's rules, as a route to the
 * page its target names (or a warning that none does). */
static void config_alias(struct site *s, const struct alias_config *a,
			 struct diag *d)
{
	char key[PATHNORM_MAX + 1], *dup;
	const struct route *to;
	size_t n = strcspn(a->to, "?#"), klen;
	const char *q;

	if (n > PATHNORM_MAX ||
	    path_normalize(a->to, n, key, &klen) != PATHNORM_OK ||
	    (to = bsearch(key, s->routes, s->nsorted, sizeof s->routes[0],
			  key_cmp)) == NULL) {
		diag_at(d, DIAG_WARNING, a->file, a->line, a->col, "alias '%s': "
			"'%s' names no page: left out", a->source, a->to);
		return;
	}
	n = strcspn(a->source, "?#");
	q = a->source[n] == '?' ? a->source + n : "";
	if (n > PATHNORM_MAX || strcspn(q, "#") > ALIAS_QUERY_MAX + 1 ||
	    path_normalize(a->source, n, key, &klen) != PATHNORM_OK) {
		diag_at(d, DIAG_ERROR, a->file, a->line, a->col, "alias '%s': "
			"not a path a request can have (or longer than one)",
			a->source);
		return;
	}
	dup = malloc(klen + strcspn(q, "#") + 1);
	if (dup != NULL)
		snprintf(dup, klen + strcspn(q, "#") + 1, "%s%.*s", key,
			 (int)strcspn(q, "#"), q);
	if (site_add_route(s, dup, to->page, ROUTE_ALIAS, a->line, a->col) < 0)
		diag_at(d, DIAG_ERROR, a->file, 0, 0, "out of memory");
	else
		s->routes[s->nroutes - 1].file = a->file;
}

void site_add_config_aliases(struct site *s, struct diag *d)
{
	if (s->cfg->naliases == 0)
		return;
	site_sort_routes(s);	/* the targets are looked up among them */
	for (size_t i = 0; i < s->cfg->naliases; i++)
		config_alias(s, &s->cfg->aliases[i], d);
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

/* route_file: where a route was written. */
static const char *route_file(const struct site *s, const struct route *r)
{
	return r->file ? r->file : s->pages[r->page].file;
}

/* front_aliases: both routes are aliases from front matter. */
static int front_aliases(const struct route *a, const struct route *b)
{
	return a->kind == ROUTE_ALIAS && b->kind == ROUTE_ALIAS &&
	       a->file == NULL && b->file == NULL;
}

/* hugo_settles: alias_conflicts: hugo, and a conflict it settles. */
static int hugo_settles(const struct site *s, const struct route *a,
			const struct route *b)
{
	return s->cfg->alias_conflicts == ALIAS_CONFLICTS_HUGO &&
	       front_aliases(a, b);
}

/* settle: keep in *kept the one of kept and r whose page Hugo keeps; free
 * the other's key; warn naming the path, both files and the winner. */
static void settle(struct site *s, struct route *kept, struct route *r,
		   struct diag *d)
{
	size_t w = hugo_alias_winner(s, kept->page, r->page);

	diag_at(d, DIAG_WARNING, route_file(s, r), r->line, r->col,
		"alias '%s' is also claimed by %s: %s keeps it, as Hugo does "
		"(alias_conflicts: hugo)", r->key, route_file(s, kept),
		s->pages[w].file);
	if (w == r->page) {
		free(kept->key);
		*kept = *r;
	} else {
		free(r->key);
	}
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
		if (prev->page != r->page && hugo_settles(s, prev, r)) {
			settle(s, prev, r, d);
			continue;
		}
		if (prev->page == r->page) {
			diag_at(d, DIAG_WARNING, route_file(s, r), r->line,
				r->col, "alias '%s' is the page's own path or "
				"repeats an alias: ignored", r->key);
		} else {
			diag_at(d, DIAG_ERROR, route_file(s, r), r->line,
				r->col, "path '%s' (%s) is also claimed by %s "
				"(%s%s)%s", r->key, route_kind_names[r->kind],
				route_file(s, prev),
				route_kind_names[prev->kind],
				prev->kind == ROUTE_ALIAS ? "" : " path",
				front_aliases(prev, r) ? "; 'alias_conflicts: "
				"hugo' keeps the page Hugo keeps" : "");
		}
		free(r->key);
	}
	s->nroutes = s->nsorted = out;
}
