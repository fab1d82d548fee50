/* site.h: the whole site as slugindex reads it: every page with its
 * canonical path, every route (canonical path or alias) to a page, and the
 * generated 404 page. site_load() walks the content folders of the config;
 * index_write() turns the result into an index file. */
#ifndef SLUG_SITE_H
#define SLUG_SITE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "site_config.h"
#include "diag.h"
#include "frontmatter.h"
#include "hugo_path.h"
#include "index.h"

struct page {
	char *file;		/* owned: path for messages */
	char *rel;		/* owned: path inside its content folder */
	char *text;		/* owned: the file's bytes (src.body points in) */
	struct page_src src;	/* owned */
	char *html;		/* owned: Markdown rendered by cmark, or NULL */
	const char *body;	/* view: html, or the raw body */
	size_t body_len;
	char *key;		/* owned: normalised canonical path */
	char *url;		/* owned: percent-encoded canonical path */
	const char *lang;	/* borrowed from the config */
	const struct content_dir *dir;	/* borrowed: where the page was read */
	int generated;		/* an archive, feed or sitemap of slugindex's */
	enum page_kind kind;
	const char *content_type;	/* static; NULL for HTML in the layout */
	int raw;		/* a feed or the sitemap: the body alone */
	int64_t date;		/* date, publishDate or lastmod; 0 if none */
	int64_t lastmod;	/* lastmod, date or publishDate; 0 if none */
	unsigned pager;		/* N of a list's pager PATH/page/N/, N >= 2;
				   else 0 (pager.c) */
	char *prev, *next;	/* owned: the URL paths of a list's previous
				   and next pager, or NULL */
	int taxonomy;		/* a taxonomy or term page (taxonomy.c) */
};

struct route {
	char *key;		/* owned: normalised path */
	size_t page;
	enum route_kind kind;
	const char *file;	/* borrowed: where an alias was written, when
				   not in the page's own file; else NULL */
	unsigned long line, col;	/* where an alias was written */
};

struct site_opts {
	int drafts;		/* keep draft pages */
	int64_t now;		/* for publishDate and expiryDate */
	unsigned threads;	/* reading files: 0 for site_threads(0) */
	int keep_source;		/* keep a Markdown page's source (check's
				   link check reads it) */
};

struct site {
	const struct site_config *cfg;	/* borrowed */
	struct page *pages;	/* owned; the last one is the 404 page */
	size_t npages, cap_pages;
	struct route *routes;	/* owned; sorted by key after site_load */
	size_t nroutes, cap_routes;
	size_t nsorted;		/* routes[0..nsorted) are sorted */
	size_t notfound;
	size_t skipped;		/* drafts, future, expired and headless pages */
	unsigned threads;	/* from site_opts: also index_write's */
};

/* site_load: read every content folder of cfg. Returns 0 when the site is
 * consistent, -1 after reporting every problem (bad files, conflicting
 * paths). Release with site_free() in both cases. Files are read and
 * rendered on o->threads threads; the site, and the order of messages,
 * are the same for any number. */
int site_load(struct site *s, const struct site_config *cfg,
	      const struct site_opts *o, struct diag *d);

void site_free(struct site *s);

/* site_new_page: a zeroed page at the end of s->pages, or NULL. */
struct page *site_new_page(struct site *s);

/* site_add_route: take ownership of key (freed on failure) and route it to
 * page number page. Returns 0 or -1. */
int site_add_route(struct site *s, char *key, size_t page,
		   enum route_kind kind, unsigned long line, unsigned long col);

/* site_check_conflicts (routes.c): sort the routes; report every path two
 * pages claim, naming both files; drop a route a page repeats. */
void site_check_conflicts(struct site *s, struct diag *d);

/* hugo_alias_winner (alias_hugo.c): of pages a and b, which claim one
 * alias, the one whose alias file Hugo 0.111 writes last, and so keeps. */
size_t hugo_alias_winner(const struct site *s, size_t a, size_t b);

/* site_add_config_aliases (routes.c): the "- alias:" items of the
 * config's rules, each a route to the page its target names. */
void site_add_config_aliases(struct site *s, struct diag *d);

/* site_sort_routes: sort the routes by key (then canonical first). */
void site_sort_routes(struct site *s);

/* site_sort_newest: sort page numbers newest first (by date, then key). */
void site_sort_newest(const struct site *s, size_t *idx, size_t n);

/* site_has_key: whether a route sorted by the last site_sort_routes has
 * this key (routes added since are not seen). */
int site_has_key(const struct site *s, const char *key);

/* site_page_key: fill p->key and p->url from a Hugo path; -1 after
 * reporting a path that does not normalise. */
int site_page_key(struct page *p, const char *path, struct diag *d);

/* generated_add (generated.c): the pages slugindex makes from the others:
 * date archives, an Atom feed per language (and WordPress's /feed/), the
 * sitemap, by the config. Never takes a path a page or alias has: those
 * are skipped. Expects s->routes sorted; keeps them sorted. */
int generated_add(struct site *s, struct diag *d);

/* rules_report (rules_report.c): for `slugindex check`, print to out what
 * each legacy rule catches of the site's aliases, and warn about a rule
 * whose target no page path can have. */
void rules_report(const struct site *s, struct diag *d, FILE *out);

/* list_pages_add (listpage.c): give the pages read from content folder cd
 * (pages first..npages-1) the home and section pages Hugo would make up,
 * and append to every list page the list of its pages, newest first. */
int list_pages_add(struct site *s, const struct content_dir *cd,
		   size_t first, struct diag *d);

/* pager_split (pager.c): give list page l the list of pages idx[0..n)
 * (page numbers, shown in that order), split into pagers of
 * s->cfg->paginate pages: l shows the first, new pages PATH/page/N/ (N >= 2,
 * "page" being paginate_path) the others, and PATH/page/1/ becomes an
 * alias of l, as Hugo writes them. Each pager's prev and next are set.
 * Returns 0, or -1 when memory ran out or a path did not normalise
 * (reported through d). Pages may move: pointers into s->pages go stale. */
int pager_split(struct site *s, size_t l, const size_t *idx, size_t n,
		struct diag *d);

/* taxonomy_add (taxonomy.c): the taxonomy pages (/tags/) and term pages
 * (/tags/x/) of content folder cd, from the front matter of its pages
 * first..read_end-1, by the config's taxonomies, each listing its pages
 * (newest first) in pagers. */
int taxonomy_add(struct site *s, const struct content_dir *cd, size_t first,
		 size_t read_end, struct diag *d);

/* taxonomy_folder (taxonomy.c): whether rel (a path in a content folder)
 * is under the folder of a taxonomy of the config (tags/...): its _index
 * files give the taxonomy and term pages their title and body, as in
 * Hugo, and are no sections (nor pages, when those kinds are off). */
int taxonomy_folder(const struct site *s, const char *rel);

/* site_threads (site_pool.c): how many threads to read files on: want
 * (at most SITE_THREADS_MAX), or for 0 one per CPU this process may run
 * on, at most SITE_THREADS_AUTO. */
#define SITE_THREADS_MAX 64
#define SITE_THREADS_AUTO 8
unsigned site_threads(unsigned want);

/* site_pool_run (site_pool.c): call fn(arg, i) once for each i in 0..n-1,
 * on up to threads threads (the caller's among them), in no set order;
 * returns when every call has returned. fn must touch only what belongs to
 * its i, or is read-only. With threads <= 1, no thread is started. */
void site_pool_run(size_t n, unsigned threads, void (*fn)(void *arg, size_t i),
		   void *arg);

#endif
