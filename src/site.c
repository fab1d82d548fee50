/* site.c: walk the content folders, read each page, give it its paths and
 * routes, and refuse a site where two pages claim one path (see site.h). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmark.h>

#include "pathnorm.h"
#include "readfile.h"
#include "site.h"

#define PAGE_FILE_MAX (64u << 20)
#define WALK_DEPTH_MAX 64

struct walk {
	struct site *site;
	const struct content_dir *cd;
	const struct site_opts *opts;
	struct diag *d;
};

static int has_ext(const char *name, const char *const *exts)
{
	const char *dot = strrchr(name, '.');

	for (; dot && *exts; exts++)
		if (strcmp(dot, *exts) == 0)
			return 1;
	return 0;
}

static const char *const page_exts[] = {".md", ".markdown", ".html", ".htm",
					NULL};
static const char *const md_exts[] = {".md", ".markdown", NULL};

/* Normalise a Hugo path into a new key; report against file otherwise. */
static char *make_key(const char *path, const char *file, unsigned long line,
		      unsigned long col, struct diag *d)
{
	size_t len = strlen(path), keylen;
	char *key = malloc(len + 1);
	enum pathnorm_status st;

	if (key == NULL)
		return NULL;
	st = path_normalize(path, len, key, &keylen);
	if (st != PATHNORM_OK) {
		diag_at(d, DIAG_ERROR, file, line, col, "path %s: %s", path,
			pathnorm_strerror(st));
		free(key);
		return NULL;
	}
	return key;
}

int site_add_route(struct site *s, char *key, size_t page,
		     enum route_kind kind, unsigned long line,
		     unsigned long col)
{
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

struct page *site_new_page(struct site *s)
{
	if (s->npages == s->cap_pages) {
		size_t cap = s->cap_pages ? 2 * s->cap_pages : 64;
		struct page *p = realloc(s->pages, cap * sizeof *p);

		if (p == NULL)
			return NULL;
		s->pages = p;
		s->cap_pages = cap;
	}
	memset(&s->pages[s->npages], 0, sizeof s->pages[0]);
	return &s->pages[s->npages++];
}

static int64_t first_date(const struct page_src *src, enum fm_date a,
			  enum fm_date b, enum fm_date c)
{
	return src->has_date[a] ? src->dates[a]
	       : src->has_date[b] ? src->dates[b]
	       : src->has_date[c] ? src->dates[c] : 0;
}

/* Whether Hugo would leave the page out (a draft, in the future, expired). */
static int skipped(const struct page_src *src, const struct site_opts *o)
{
	int64_t publish = first_date(src, FM_PUBLISHDATE, FM_DATE,
				     FM_PUBLISHDATE);

	if (src->draft && !o->drafts)
		return 1;
	if (publish > o->now)
		return 1;
	return src->has_date[FM_EXPIRYDATE] &&
	       src->dates[FM_EXPIRYDATE] <= o->now;
}

/* Hugo shortcodes cannot be rendered here: say where each one is. Lines
 * are counted only up to each "{{" found. */
static void report_shortcodes(const struct page *p, struct diag *d)
{
	const char *s = p->src.body, *end = s + p->src.body_len, *bol = s;
	const char *at = s;
	unsigned long line = p->src.body_line;

	while ((at = memmem(at, (size_t)(end - at), "{{", 2)) != NULL) {
		const char *close, *nl;

		for (; (nl = memchr(s, '\n', (size_t)(at - s))) != NULL; s = nl + 1) {
			line++;
			bol = nl + 1;
		}
		s = at;
		if (at + 2 < end && (at[2] == '<' || at[2] == '%')) {
			close = memmem(at, (size_t)(end - at), "}}", 2);
			diag_at(d, DIAG_WARNING, p->file, line,
				(unsigned long)(at - bol) + 1,
				"Hugo shortcode %.*s cannot be rendered: kept as text",
				close && close - at < 200 ? (int)(close - at + 2) : 3,
				at);
		}
		at += 2;
	}
}

static void page_free(struct page *p)
{
	free(p->file);
	free(p->rel);
	free(p->text);
	free(p->key);
	free(p->url);
	free(p->html);
	frontmatter_free(&p->src);
}

/* The percent-encoded URL of a key, with Hugo's trailing '/' kept. */
static char *make_url(const char *key, int slash)
{
	size_t len = strlen(key), need = path_encode(key, len, NULL, 0);
	char *url = malloc(need + 2);

	if (url == NULL)
		return NULL;
	path_encode(key, len, url, need + 1);
	if (slash && strcmp(key, "/") != 0)
		strcpy(url + need, "/");
	return url;
}

int site_page_key(struct page *p, const char *path, struct diag *d)
{
	size_t n = strlen(path);

	p->key = make_key(path, p->file, 0, 0, d);
	if (p->key == NULL)
		return -1;
	p->url = make_url(p->key, n > 0 && path[n - 1] == '/');
	return p->url ? 0 : -1;
}

static void page_aliases(struct walk *w, size_t idx)
{
	struct page *p = &w->site->pages[idx];

	for (size_t i = 0; i < p->src.nalias; i++) {
		const struct fm_str *a = &p->src.aliases[i];
		struct buf path = {0};
		const char *why;
		char *key;

		if (hugo_alias_path(a->s, p->url, &path, &why) < 0) {
			diag_at(w->d, DIAG_ERROR, p->file, a->line, a->col,
				"alias '%s': %s", a->s, why);
		} else if ((key = make_key(buf_cstr(&path), p->file, a->line,
					   a->col, w->d)) != NULL) {
			site_add_route(w->site, key, idx, ROUTE_ALIAS, a->line,
				  a->col);
		}
		buf_free(&path);
	}
}

/* A WordPress post id kept in front matter (wp_id or wordpress_id) makes
 * the key "/?p=ID", which the WordPress rule for /?p=ID leads to. */
static void page_wp_id(struct walk *w, size_t idx)
{
	const struct page *p = &w->site->pages[idx];
	const char *id = frontmatter_param(&p->src, "wp_id");
	char key[32];

	if (id == NULL)
		id = frontmatter_param(&p->src, "wordpress_id");
	if (id == NULL)
		return;
	if (*id == '\0' || strlen(id) > 18 || strspn(id, "0123456789") != strlen(id)) {
		diag_at(w->d, DIAG_ERROR, p->file, 0, 0,
			"wp_id '%s': must be a WordPress post number", id);
		return;
	}
	snprintf(key, sizeof key, "/?p=%s", id);
	site_add_route(w->site, strdup(key), idx, ROUTE_ALIAS, 0, 0);
}

static int page_body(struct page *p, const char *name)
{
	p->body = p->src.body;
	p->body_len = p->src.body_len;
	if (!has_ext(name, md_exts))
		return 0;
	p->html = cmark_markdown_to_html(p->src.body, p->src.body_len,
					 CMARK_OPT_UNSAFE);
	if (p->html == NULL)
		return -1;
	p->body = p->html;
	p->body_len = strlen(p->html);
	return 0;
}

static void read_page(struct walk *w, const char *file, const char *rel)
{
	struct page *p = site_new_page(w->site);
	struct buf path = {0};
	size_t len, idx = w->site->npages - 1;

	if (p == NULL || (p->file = strdup(file)) == NULL)
		goto nomem;
	if (read_file(file, PAGE_FILE_MAX, &p->text, &len, w->d) < 0 ||
	    frontmatter_parse(p->file, p->text, len, &p->src, w->d) < 0)
		goto drop;
	if (skipped(&p->src, w->opts)) {
		w->site->skipped++;
		goto drop;
	}
	p->lang = w->cd->lang;
	p->dir = w->cd;
	p->kind = hugo_page_path(rel, &p->src, w->cd->prefix, &path);
	p->date = first_date(&p->src, FM_DATE, FM_PUBLISHDATE, FM_LASTMOD);
	p->lastmod = first_date(&p->src, FM_LASTMOD, FM_DATE, FM_PUBLISHDATE);
	if (site_page_key(p, buf_cstr(&path), w->d) < 0)
		goto drop;
	if ((p->rel = strdup(rel)) == NULL || page_body(p, rel) < 0 ||
	    site_add_route(w->site, strdup(p->key), idx, ROUTE_CANONICAL, 0, 0) < 0)
		goto nomem;
	report_shortcodes(p, w->d);
	if (p->html != NULL) {	/* rendered: the source is no longer needed */
		free(p->text);
		p->text = NULL;
		p->src.body = NULL;
		p->src.body_len = 0;
	}
	page_aliases(w, idx);
	page_wp_id(w, idx);
	buf_free(&path);
	return;
nomem:
	diag_at(w->d, DIAG_ERROR, file, 0, 0, "out of memory");
drop:
	buf_free(&path);
	if (p != NULL) {
		page_free(p);
		w->site->npages--;
	}
}

static int skip_name(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

/* Read the folder dir (rel: its path inside the content folder). */
static void walk_dir(struct walk *w, const char *dir, const char *rel,
		     int depth)
{
	struct dirent **names;
	int n = scandir(dir, &names, skip_name, alphasort);

	if (n < 0) {
		diag_at(w->d, DIAG_ERROR, dir, 0, 0, "cannot read folder");
		return;
	}
	for (int i = 0; i < n; i++) {
		struct buf file = {0}, sub = {0};
		struct stat st;

		buf_addf(&file, "%s/%s", dir, names[i]->d_name);
		buf_addf(&sub, "%s%s%s", rel, *rel ? "/" : "", names[i]->d_name);
		if (stat(buf_cstr(&file), &st) < 0)
			diag_at(w->d, DIAG_ERROR, buf_cstr(&file), 0, 0,
				"cannot stat");
		else if (S_ISDIR(st.st_mode) && depth < WALK_DEPTH_MAX)
			walk_dir(w, buf_cstr(&file), buf_cstr(&sub), depth + 1);
		else if (S_ISREG(st.st_mode) && has_ext(names[i]->d_name, page_exts))
			read_page(w, buf_cstr(&file), buf_cstr(&sub));
		buf_free(&file);
		buf_free(&sub);
		free(names[i]);
	}
	free(names);
}

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

/* Report a path claimed by two pages; drop a route a page repeats. */
static void check_conflicts(struct site *s, struct diag *d)
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

static int add_notfound(struct site *s)
{
	struct page *p = site_new_page(s);

	if (p == NULL)
		return -1;
	s->notfound = s->npages - 1;
	p->file = strdup("(404 page)");
	p->src.title.s = strdup(s->cfg->notfound_title);
	p->body = s->cfg->notfound_body;
	p->body_len = strlen(s->cfg->notfound_body);
	p->lang = s->cfg->ndirs > 0 ? s->cfg->dirs[0].lang : "";
	p->key = strdup("");
	p->url = strdup("");
	p->kind = PAGE_SINGLE;
	return p->file && p->src.title.s && p->key && p->url ? 0 : -1;
}

int site_load(struct site *s, const struct site_config *cfg,
	      const struct site_opts *o, struct diag *d)
{
	unsigned errors = d->errors;

	memset(s, 0, sizeof *s);
	s->cfg = cfg;
	if (cfg->ndirs == 0)
		diag_at(d, DIAG_ERROR, cfg->file, 0, 0,
			"no content folder: add a 'content' list or name one "
			"on the command line");
	for (size_t i = 0; i < cfg->ndirs; i++) {
		struct walk w = {s, &cfg->dirs[i], o, d};
		size_t first = s->npages;
		struct stat st;

		if (stat(cfg->dirs[i].dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
			diag_at(d, DIAG_ERROR, cfg->dirs[i].dir, 0, 0,
				"content folder not found");
			continue;
		}
		walk_dir(&w, cfg->dirs[i].dir, "", 0);
		if (list_pages_add(s, &cfg->dirs[i], first, d) < 0)
			diag_at(d, DIAG_ERROR, cfg->dirs[i].dir, 0, 0,
				"out of memory");
	}
	check_conflicts(s, d);
	if (d->errors == errors && generated_add(s, d) < 0)
		diag_at(d, DIAG_ERROR, cfg->file, 0, 0, "out of memory");
	if (add_notfound(s) < 0)
		diag_at(d, DIAG_ERROR, cfg->file, 0, 0, "out of memory");
	return d->errors > errors ? -1 : 0;
}

void site_free(struct site *s)
{
	for (size_t i = 0; i < s->npages; i++)
		page_free(&s->pages[i]);
	for (size_t i = 0; i < s->nroutes; i++)
		free(s->routes[i].key);
	free(s->pages);
	free(s->routes);
	memset(s, 0, sizeof *s);
}
