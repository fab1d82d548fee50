/* taxonomy.c: Hugo's taxonomy pages, per language: for each taxonomy of
 * the config (Hugo's default: tags and categories), the list of its terms
 * at PREFIX/PLURAL/ (Hugo's kind "taxonomy") and for each term the list of
 * its pages at PREFIX/PLURAL/TERM/ (kind "term"), TERM being the term as
 * written in front matter (tags: [Cloud Native]) sanitised as Hugo 0.111
 * does (hugo_sanitize: "cloud-native"; terms that sanitise alike are one
 * term). Both are list pages, in pagers (pager.c). A term page's title is
 * the term as first written (in page order), a taxonomy page's the plural
 * with its first letters upper-cased ("Tags"), as Hugo gives them, unless
 * an _index file gives them (content/tags/_index.md, tags/x/_index.md). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pathnorm.h"
#include "site.h"

/* One use of a term by a page. */
struct use {
	char *key;		/* owned: the sanitised term */
	const char *term;	/* borrowed: as written */
	size_t page;
};

static int use_cmp(const void *a, const void *b)
{
	const struct use *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x->page > y->page) - (x->page < y->page);
}

/* The terms page p gives taxonomy plural (lower-case): a list, or one
 * scalar (tags: "one"). Sets *one for the scalar case. */
static size_t page_terms(const struct page *p, const char *plural,
			 const char *const **vals, const char **one)
{
	const struct fm_list *l = frontmatter_list(&p->src, plural);

	if (l != NULL) {
		*vals = (const char *const *)l->vals;
		return l->n;
	}
	*one = frontmatter_param(&p->src, plural);
	*vals = one;
	return *one != NULL;
}

/* Every use of a term of taxonomy plural by the pages read from files
 * among first..last-1, sorted by term then page, into *out (*n of them).
 * As in Hugo 0.111, section and home pages have terms too, and a page in
 * no list (_build: list: never) is still on its terms' pages. Returns 0,
 * or -1 when memory ran out (*out then holds what was collected). */
static int collect(const struct site *s, const char *plural, size_t first,
		   size_t last, struct use **out, size_t *n)
{
	struct use *u = NULL;
	size_t cap = 0;

	*n = 0;
	for (size_t i = first; i < last; i++) {
		const char *const *vals, *one;
		size_t nv = page_terms(&s->pages[i], plural, &vals, &one);

		for (size_t k = 0; k < nv; k++) {
			struct buf key = {0};

			hugo_sanitize(vals[k], strlen(vals[k]), &key);
			buf_addc(&key, '\0');
			if (!key.failed && key.len <= 1) {
				buf_free(&key);
				continue;	/* no term: nothing to list */
			}
			if (*n == cap) {
				struct use *g = realloc(u, (cap ? 2 * cap : 64) *
							       sizeof *g);

				if (g != NULL) {
					u = g;
					cap = cap ? 2 * cap : 64;
				}
			}
			if (key.failed || *n == cap) {
				buf_free(&key);
				*out = u;
				return -1;
			}
			u[(*n)++] = (struct use){key.data, vals[k], i};
		}
	}
	if (u != NULL)
		qsort(u, *n, sizeof *u, use_cmp);
	*out = u;
	return 0;
}

int taxonomy_folder(const struct site *s, const char *rel)
{
	const char *slash = rel ? strchr(rel, '/') : NULL;
	size_t n = slash ? (size_t)(slash - rel) : 0;

	if (n == 0)
		return 0;
	for (size_t t = 0; t < s->cfg->ntaxonomies; t++)
		if (strlen(s->cfg->taxonomies[t].plural) == n &&
		    strncasecmp(s->cfg->taxonomies[t].plural, rel, n) == 0)
			return 1;
	return 0;
}

/* The list page read from an _index file of folder cd at path (tags/,
 * tags/x/), which Hugo takes as that taxonomy or term page, or
 * (size_t)-1. */
static size_t from_file(const struct site *s, const struct content_dir *cd,
			const char *path)
{
	char key[PATHNORM_MAX + 1];
	size_t keylen;

	if (strlen(path) > PATHNORM_MAX ||
	    path_normalize(path, strlen(path), key, &keylen) != PATHNORM_OK)
		return (size_t)-1;
	for (size_t i = 0; i < s->npages; i++) {
		const struct page *p = &s->pages[i];

		if (p->dir == cd && p->kind == PAGE_LIST && p->rel != NULL &&
		    p->key != NULL && strcmp(p->key, key) == 0 &&
		    taxonomy_folder(s, p->rel))
			return i;
	}
	return (size_t)-1;
}

/* The list page of folder cd at path: the one its _index file gave (its
 * title kept, else title), or a new one titled title (copied), its route
 * added. Returns its number, or (size_t)-1. */
static size_t new_list(struct site *s, const struct content_dir *cd,
		       const char *path, const char *title, struct diag *d)
{
	size_t i = from_file(s, cd, path);
	struct buf file = {0};
	struct page *p;

	if (i != (size_t)-1) {
		p = &s->pages[i];
		p->taxonomy = 1;
		if (p->src.title.s == NULL &&
		    (p->src.title.s = strdup(title)) == NULL)
			return (size_t)-1;
		return i;
	}
	if ((p = site_new_page(s)) == NULL)
		return (size_t)-1;
	i = s->npages - 1;
	buf_addf(&file, "%s (taxonomy page %s)", cd->dir, path);
	buf_addc(&file, '\0');
	p->file = file.data;
	p->src.title.s = strdup(title);
	p->lang = cd->lang;
	p->dir = cd;
	p->kind = PAGE_LIST;
	p->taxonomy = 1;
	p->body = "";
	if (file.failed || p->src.title.s == NULL ||
	    site_page_key(p, path, d) < 0 ||
	    site_add_route(s, strdup(p->key), i, ROUTE_CANONICAL, 0, 0) < 0)
		return (size_t)-1;
	return i;
}

/* The newest date of pages idx[0..n) into list page l. */
static void take_dates(struct site *s, size_t l, const size_t *idx, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		const struct page *p = &s->pages[idx[k]];

		if (p->date > s->pages[l].date)
			s->pages[l].date = p->date;
		if (p->lastmod > s->pages[l].lastmod)
			s->pages[l].lastmod = p->lastmod;
	}
}

/* The term page of uses u[0..n) (one term), at base + key + "/", with its
 * pages newest first; its number, or (size_t)-1. */
static size_t term_page(struct site *s, const struct content_dir *cd,
			const char *base, const struct use *u, size_t n,
			size_t *idx, struct diag *d)
{
	struct buf path = {0};
	size_t t, m = 0;

	for (size_t k = 0; k < n; k++)	/* a page naming a term twice */
		if (m == 0 || idx[m - 1] != u[k].page)
			idx[m++] = u[k].page;
	buf_addf(&path, "%s%s/", base, u[0].key);
	buf_addc(&path, '\0');
	t = path.failed ? (size_t)-1
			: new_list(s, cd, path.data, u[0].term, d);
	buf_free(&path);
	if (t == (size_t)-1)
		return t;
	take_dates(s, t, idx, m);
	site_sort_newest(s, idx, m);
	return pager_split(s, t, idx, m, d) < 0 ? (size_t)-1 : t;
}

/* Hugo's title of a taxonomy page: the plural with each word's first
 * letter upper-cased ("tags" is "Tags"). */
static void plural_title(const char *plural, char *out, size_t cap)
{
	size_t i = 0;

	for (; plural[i] && i + 1 < cap; i++)
		out[i] = (i == 0 || plural[i - 1] == ' ' ||
			  plural[i - 1] == '-')
				 ? (char)toupper((unsigned char)plural[i])
				 : plural[i];
	out[i] = '\0';
}

/* One taxonomy of folder cd: its term pages (when term pages are on) and
 * the page listing them (when taxonomy pages are on). */
static int one_taxonomy(struct site *s, const struct content_dir *cd,
			const struct taxonomy_config *tc, size_t first,
			size_t last, struct diag *d)
{
	char plural[128], base[300], title[128];
	size_t n = 0, nterms = 0, *terms = NULL, *idx = NULL;
	struct use *u = NULL;
	int rc = -1;

	snprintf(plural, sizeof plural, "%s", tc->plural);
	for (char *c = plural; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	snprintf(base, sizeof base, "%s/%s/", cd->prefix, plural);
	if (s->cfg->term_pages && collect(s, plural, first, last, &u, &n) < 0)
		goto out;
	terms = malloc((n + 1) * sizeof *terms);
	idx = malloc((n + 1) * sizeof *idx);
	if (terms == NULL || idx == NULL)
		goto out;
	for (size_t i = 0, e; i < n; i = e) {
		for (e = i + 1; e < n && strcmp(u[e].key, u[i].key) == 0; e++)
			;
		terms[nterms] = term_page(s, cd, base, u + i, e - i, idx, d);
		if (terms[nterms++] == (size_t)-1)
			goto out;
	}
	rc = 0;
	if (s->cfg->taxonomy_pages) {
		size_t l;

		plural_title(tc->plural, title, sizeof title);
		l = new_list(s, cd, base, title, d);
		if (l == (size_t)-1)
			rc = -1;
		else {
			take_dates(s, l, terms, nterms);
			site_sort_newest(s, terms, nterms);
			rc = pager_split(s, l, terms, nterms, d);
		}
	}
out:
	for (size_t i = 0; i < n; i++)
		free(u[i].key);
	free(u);
	free(terms);
	free(idx);
	return rc;
}

/* Hugo renders no page for an _index file of a taxonomy folder whose
 * kind is off (tags/x/_index.md without term pages, or a term no page
 * has): its routes go, and it is in no list. */
static void drop_unused(struct site *s, size_t first, size_t read_end)
{
	size_t k = 0;

	for (size_t i = first; i < read_end; i++) {
		struct page *p = &s->pages[i];

		if (p->kind == PAGE_LIST && !p->taxonomy &&
		    taxonomy_folder(s, p->rel))
			p->taxonomy = -1;	/* to drop */
	}
	for (size_t r = 0; r < s->nroutes; r++) {
		if (s->pages[s->routes[r].page].taxonomy == -1)
			free(s->routes[r].key);
		else
			s->routes[k++] = s->routes[r];
	}
	s->nroutes = k;
	s->nsorted = 0;	/* sorted again after every folder is read */
	for (size_t i = first; i < read_end; i++)
		if (s->pages[i].taxonomy == -1) {
			s->pages[i].src.unlisted = 1;
			s->pages[i].taxonomy = 0;
		}
}

int taxonomy_add(struct site *s, const struct content_dir *cd, size_t first,
		 size_t read_end, struct diag *d)
{
	for (size_t t = 0; t < s->cfg->ntaxonomies; t++)
		if (one_taxonomy(s, cd, &s->cfg->taxonomies[t], first,
				 read_end, d) < 0)
			return -1;
	drop_unused(s, first, read_end);
	return 0;
}
