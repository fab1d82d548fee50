/* nearpath.c: the page near a path that answers nothing (see nearpath.h).
 * The map from slug to page is built on first use, from every key. */
#include <string.h>

#include "nearpath.h"
#include "pathnorm.h"

static const char *const extensions[] = { ".html", ".htm", ".php" };

/* strip_ext: the length of key without a known extension (*did set). */
static size_t strip_ext(const char *key, size_t n, int *did)
{
	*did = 0;
	for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++) {
		size_t e = strlen(extensions[i]);

		if (n > e + 1 && memcmp(key + n - e, extensions[i], e) == 0) {
			*did = 1;
			return n - e;
		}
	}
	return n;
}

/* last_segment: the slug of key[0..n): after its last '/'. */
static const char *last_segment(const char *key, size_t n, size_t *len)
{
	const char *p = key + n;

	while (p > key && p[-1] != '/')
		p--;
	*len = (size_t)(key + n - p);
	return p;
}

static void build(struct nearpath *s)
{
	struct index_site site;

	s->built = 1;
	index_site(s->idx, &site);
	for (uint32_t i = 0; i < site.key_count; i++) {
		struct slug_view key;
		uint32_t page;
		enum route_kind kind;
		const char *slug;
		size_t n, len;
		int did, is_new;
		struct hit *e;

		struct index_page pg;

		if (index_key(s->idx, i, &key, &page, &kind) != 0 ||
		    memchr(key.ptr, '?', key.len) != NULL ||
		    index_page(s->idx, page, &pg) != 0 || pg.generated)
			continue;	/* archives and feeds are no one's slug */
		n = strip_ext(key.ptr, key.len, &did);
		slug = last_segment(key.ptr, n, &len);
		if (len == 0)
			continue;
		/* a canonical path's page wins over an alias's; two pages'
		 * canonical paths with one slug: no suggestion (flags 2) */
		e = hitmap_add(&s->slugs, slug, len, 1, &is_new);
		if (e == NULL)
			continue;
		if (is_new)
			e->value = page, e->flags = kind == ROUTE_CANONICAL;
		else if (kind == ROUTE_CANONICAL && e->flags == 1 &&
			 e->value != page)
			e->flags = 2;
		else if (kind == ROUTE_CANONICAL && e->flags == 0)
			e->value = page, e->flags = 1;
	}
}

static const char *url_of(struct nearpath *s, uint32_t page, size_t *len)
{
	struct index_page pg;

	if (index_page(s->idx, page, &pg) != 0)
		return NULL;
	*len = pg.url.len;
	return pg.url.ptr;
}

const char *nearpath_find(struct nearpath *s, const char *path, size_t n,
			  size_t *urllen, const char **why)
{
	char key[PATHNORM_MAX + 1];
	size_t klen, stem, len;
	uint32_t page;
	enum route_kind kind;
	const char *slug;
	struct hit *e;
	int did;

	if (n > PATHNORM_MAX ||
	    path_normalize(path, n, key, &klen) != PATHNORM_OK)
		return NULL;
	stem = strip_ext(key, klen, &did);
	if (did && index_lookup(s->idx, key, stem, &page, &kind)) {
		*why = "without the extension";
		return url_of(s, page, urllen);
	}
	if (!s->built)
		build(s);
	slug = last_segment(key, stem, &len);
	if (len == 0 || (e = hitmap_find(&s->slugs, slug, len)) == NULL ||
	    e->flags == 2)
		return NULL;	/* no page has it, or several do */
	*why = "same slug";
	return url_of(s, e->value, urllen);
}

void nearpath_free(struct nearpath *s)
{
	hitmap_free(&s->slugs);
	s->built = 0;
}
