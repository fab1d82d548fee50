/* generated.c: pages slugindex makes from the others, by the config (see
 * docs/rules.md): date archives (/YYYY/, /YYYY/MM/, /YYYY/MM/DD/ under each
 * language prefix, listing that period's pages newest first, as WordPress
 * did), an Atom feed per language at PREFIX/atom.xml with WordPress's
 * PREFIX/feed/ as its alias, and /sitemap.xml. A generated page never takes
 * a path that a page or an alias already has. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pathnorm.h"
#include "site.h"

#define ARCHIVE_MAX 1000	/* entries listed on one archive page */
#define FEED_MAX 20		/* entries in a feed */

/* The dated content pages of folder cd, newest first; *n their number. */
static size_t *dated_pages(const struct site *s, const struct content_dir *cd,
			   size_t *n)
{
	size_t *idx = malloc((s->npages + 1) * sizeof *idx);

	*n = 0;
	if (idx == NULL)
		return NULL;
	for (size_t i = 0; i < s->npages; i++)
		if (s->pages[i].dir == cd && s->pages[i].kind == PAGE_SINGLE &&
		    !s->pages[i].generated && !s->pages[i].src.unlisted &&
		    s->pages[i].date != 0)
			idx[(*n)++] = i;
	site_sort_newest(s, idx, *n);
	return idx;
}

/* Add a generated page at path (unless taken) with an owned body. */
static int add_generated(struct site *s, const struct content_dir *cd,
			 const char *path, const char *title, struct buf *body,
			 const char *content_type, struct diag *d)
{
	char key[PATHNORM_MAX + 1], *file;
	size_t keylen;
	struct page *p;

	if (strlen(path) > PATHNORM_MAX ||
	    path_normalize(path, strlen(path), key, &keylen) != PATHNORM_OK ||
	    site_has_key(s, key)) {
		buf_free(body);
		return 0;	/* a page or alias has it: it wins */
	}
	if (body->failed || (p = site_new_page(s)) == NULL) {
		buf_free(body);
		return -1;
	}
	file = malloc(strlen(path) + 32);
	if (file != NULL)
		sprintf(file, "(generated %s)", path);
	p->file = file;
	p->src.title.s = strdup(title);
	p->lang = cd ? cd->lang : "";
	p->dir = cd;
	p->generated = 1;
	p->kind = PAGE_SINGLE;
	p->content_type = content_type;
	p->raw = content_type != NULL;
	p->html = body->data;
	p->body = body->data ? body->data : "";
	p->body_len = body->len;
	body->data = NULL;
	if (file == NULL || p->src.title.s == NULL ||
	    site_page_key(p, path, d) < 0)
		return -1;
	return site_add_route(s, strdup(p->key), s->npages - 1,
			      ROUTE_CANONICAL, 0, 0);
}

static void add_link_item(struct buf *b, const struct page *p)
{
	const char *t = p->src.title.s ? p->src.title.s : p->url;

	buf_adds(b, "<li><a href=\"");
	buf_add_html(b, p->url, strlen(p->url));
	buf_adds(b, "\">");
	buf_add_html(b, t, strlen(t));
	buf_adds(b, "</a></li>\n");
}

enum time_form {
	TF_YEAR,		/* 2019 */
	TF_MONTH,		/* 2019/03 */
	TF_DAY_PATH,		/* 2019/03/08 */
	TF_DAY,			/* 2019-03-08 */
	TF_TIMESTAMP,		/* 2019-03-08T10:00:00Z */
	TF__MAX
};

static void format_time(int64_t t, enum time_form form, char *out, size_t cap)
{
	time_t tt = (time_t)t;
	struct tm tm;

	out[0] = '\0';
	if (gmtime_r(&tt, &tm) == NULL)
		return;
	switch (form) {
	case TF_YEAR: strftime(out, cap, "%Y", &tm); break;
	case TF_MONTH: strftime(out, cap, "%Y/%m", &tm); break;
	case TF_DAY_PATH: strftime(out, cap, "%Y/%m/%d", &tm); break;
	case TF_DAY: strftime(out, cap, "%Y-%m-%d", &tm); break;
	case TF_TIMESTAMP: strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm); break;
	case TF__MAX: break;
	}
}

/* Archives of one folder at one granularity (fmt: "%Y", "%Y/%m", ...). */
static int archives_level(struct site *s, const struct content_dir *cd,
			  const size_t *idx, size_t n, enum time_form form,
			  struct diag *d)
{
	for (size_t i = 0, e; i < n; i = e) {
		char period[32], other[32], title[32], path[300];
		struct buf body = {0};
		size_t k = 0;

		format_time(s->pages[idx[i]].date, form, period, sizeof period);
		buf_adds(&body, "<ul class=\"archive\">\n");
		for (e = i; e < n; e++) {
			format_time(s->pages[idx[e]].date, form, other, sizeof other);
			if (strcmp(other, period) != 0)
				break;
			if (k++ < ARCHIVE_MAX)
				add_link_item(&body, &s->pages[idx[e]]);
		}
		buf_adds(&body, "</ul>\n");
		snprintf(title, sizeof title, "%s", period);
		for (char *c = title; *c; c++)
			if (*c == '/')
				*c = '-';
		snprintf(path, sizeof path, "%s/%s/", cd->prefix, period);
		if (add_generated(s, cd, path, title, &body, NULL, d) < 0)
			return -1;
	}
	return 0;
}

static void add_xml_text(struct buf *b, const char *tag, const char *text)
{
	buf_addf(b, "<%s>", tag);
	buf_add_html(b, text ? text : "", text ? strlen(text) : 0);
	buf_addf(b, "</%s>", tag);
}

/* The absolute URL of a path, as feeds and sitemaps want. */
static void add_url(struct buf *b, const struct site *s, const char *path)
{
	const char *base = *s->cfg->base_url ? s->cfg->base_url
					     : "http://localhost";

	buf_add_html(b, base, strlen(base));
	buf_add_html(b, path, strlen(path));
}

static int feed(struct site *s, const struct content_dir *cd,
		const size_t *idx, size_t n, struct diag *d)
{
	struct buf b = {0}, path = {0};
	char when[32] = "1970-01-01T00:00:00Z";
	int rc;

	if (n > 0)
		format_time(s->pages[idx[0]].lastmod ? s->pages[idx[0]].lastmod
			    : s->pages[idx[0]].date, TF_TIMESTAMP, when,
			    sizeof when);
	buf_addf(&path, "%s/atom.xml", cd->prefix);
	buf_adds(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		 "<feed xmlns=\"http://www.w3.org/2005/Atom\"");
	if (*cd->lang)
		buf_addf(&b, " xml:lang=\"%s\"", cd->lang);
	buf_adds(&b, ">\n");
	add_xml_text(&b, "title", s->cfg->title);
	buf_adds(&b, "\n<link href=\"");
	add_url(&b, s, *cd->prefix ? cd->prefix : "/");
	buf_adds(&b, "\"/>\n<link rel=\"self\" href=\"");
	add_url(&b, s, buf_cstr(&path));
	buf_adds(&b, "\"/>\n<id>");
	add_url(&b, s, buf_cstr(&path));
	buf_addf(&b, "</id>\n<updated>%s</updated>\n<author>", when);
	add_xml_text(&b, "name", *s->cfg->title ? s->cfg->title : "-");
	buf_adds(&b, "</author>\n");
	for (size_t i = 0; i < n && i < FEED_MAX; i++) {
		const struct page *p = &s->pages[idx[i]];

		format_time(p->lastmod ? p->lastmod : p->date, TF_TIMESTAMP,
			    when, sizeof when);
		buf_adds(&b, "<entry>");
		add_xml_text(&b, "title", p->src.title.s);
		buf_adds(&b, "<link href=\"");
		add_url(&b, s, p->url);
		buf_adds(&b, "\"/><id>");
		add_url(&b, s, p->url);
		buf_addf(&b, "</id><updated>%s</updated>", when);
		if (p->src.author.s != NULL) {
			buf_adds(&b, "<author>");
			add_xml_text(&b, "name", p->src.author.s);
			buf_adds(&b, "</author>");
		}
		if (p->src.description.s != NULL)
			add_xml_text(&b, "summary", p->src.description.s);
		buf_adds(&b, "</entry>\n");
	}
	buf_adds(&b, "</feed>\n");
	rc = add_generated(s, cd, buf_cstr(&path), "Atom feed", &b,
			   "application/atom+xml; charset=utf-8", d);
	buf_free(&path);
	return rc;
}

/* WordPress's PREFIX/feed/ names the feed (an alias, unless taken). */
static int feed_alias(struct site *s, const struct content_dir *cd,
		      size_t feed_page)
{
	char path[300], key[300];
	size_t keylen;

	snprintf(path, sizeof path, "%s/feed/", cd->prefix);
	if (path_normalize(path, strlen(path), key, &keylen) != PATHNORM_OK ||
	    site_has_key(s, key))
		return 0;
	return site_add_route(s, strdup(key), feed_page, ROUTE_ALIAS, 0, 0);
}

static int sitemap(struct site *s, struct diag *d)
{
	struct buf b = {0};
	char day[16];

	buf_adds(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset "
		 "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	for (size_t i = 0; i < s->npages; i++) {
		const struct page *p = &s->pages[i];

		if (p->generated || p->key == NULL || *p->key == '\0' ||
		    p->src.unlisted)
			continue;
		buf_adds(&b, "<url><loc>");
		add_url(&b, s, p->url);
		buf_adds(&b, "</loc>");
		if (p->lastmod != 0) {
			format_time(p->lastmod, TF_DAY, day, sizeof day);
			buf_addf(&b, "<lastmod>%s</lastmod>", day);
		}
		buf_adds(&b, "</url>\n");
	}
	buf_adds(&b, "</urlset>\n");
	return add_generated(s, NULL, "/sitemap.xml", "Sitemap", &b,
			     "application/xml; charset=utf-8", d);
}

int generated_add(struct site *s, struct diag *d)
{
	const struct site_config *c = s->cfg;
	int rc = 0;

	if (c->sitemap && sitemap(s, d) < 0)
		return -1;
	for (size_t k = 0; k < c->ndirs && rc == 0; k++) {
		const struct content_dir *cd = &c->dirs[k];
		size_t n, before = s->npages;
		size_t *idx = dated_pages(s, cd, &n);

		if (idx == NULL)
			return -1;
		for (int l = TF_YEAR; c->archives && l <= TF_DAY_PATH && rc == 0;
		     l++)
			rc = archives_level(s, cd, idx, n, (enum time_form)l, d);
		before = s->npages;
		if (rc == 0 && c->feeds && (rc = feed(s, cd, idx, n, d)) == 0 &&
		    s->npages > before)
			rc = feed_alias(s, cd, s->npages - 1);
		free(idx);
	}
	site_sort_routes(s);
	return rc;
}
