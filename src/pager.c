/* pager.c: split a list page's list into pagers, as Hugo's .Paginator
 * does (see site.h, pager_split): the list page shows the first
 * `paginate` pages, PATH/page/2/, PATH/page/3/, ... the next ones, and
 * PATH/page/1/ is an alias of the list page (Hugo writes a redirect
 * there). Every pager repeats the list page's own body above its part of
 * the list, and knows its previous and next pager (the layout's prev,
 * next, prev_link and next_link; docs/config.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pathnorm.h"
#include "site.h"

/* The URL path of pager k (1 for the list page itself) of list page lp,
 * in a new string, or NULL. */
static char *pager_url(const struct site *s, const struct page *lp,
		       unsigned k)
{
	size_t n = strlen(lp->url);
	struct buf b = {0};

	if (k == 1)
		return strdup(lp->url);
	buf_adds(&b, lp->url);
	if (n == 0 || lp->url[n - 1] != '/')
		buf_addc(&b, '/');
	buf_addf(&b, "%s/%u/", s->cfg->paginate_path, k);
	buf_addc(&b, '\0');
	if (b.failed) {
		buf_free(&b);
		return NULL;
	}
	return b.data;
}

/* The body of pager k: the list page's own body (own), then its part
 * idx[from..to) of the list. Returns the buffer's data or NULL. */
static char *pager_body(const struct site *s, const struct buf *own,
			const size_t *idx, size_t from, size_t to,
			size_t *len)
{
	struct buf html = {0};

	buf_add(&html, own->data ? own->data : "", own->len);
	buf_adds(&html, "\n<ul class=\"pages\">\n");
	for (size_t k = from; k < to; k++) {
		const struct page *p = &s->pages[idx[k]];
		const char *t = p->src.title.s ? p->src.title.s : p->url;

		buf_adds(&html, "<li><a href=\"");
		buf_add_html(&html, p->url, strlen(p->url));
		buf_adds(&html, "\">");
		buf_add_html(&html, t, strlen(t));
		buf_adds(&html, "</a></li>\n");
	}
	buf_adds(&html, "</ul>\n");
	buf_addc(&html, '\0');
	if (html.failed) {
		buf_free(&html);
		return NULL;
	}
	*len = html.len - 1;
	return html.data;
}

/* A new page for pager k of list page l, at url (taken), with its body
 * (taken); its route added. Returns its number, or (size_t)-1. */
static size_t new_pager(struct site *s, size_t l, unsigned k, char *url,
			char *body, size_t len, struct diag *d)
{
	struct page *p = site_new_page(s), *lp;
	size_t i = s->npages - 1;
	struct buf file = {0};

	if (p == NULL) {
		free(url);
		free(body);
		return (size_t)-1;
	}
	lp = &s->pages[l];	/* site_new_page may have moved the pages */
	buf_addf(&file, "%s (pager %u)", lp->file, k);
	buf_addc(&file, '\0');
	p->file = file.data;
	p->src.title.s = lp->src.title.s ? strdup(lp->src.title.s) : NULL;
	p->src.unlisted = 1;	/* in no list, feed or sitemap */
	p->lang = lp->lang;
	p->dir = lp->dir;
	p->kind = PAGE_LIST;
	p->pager = k;
	p->date = lp->date;
	p->lastmod = lp->lastmod;
	p->html = body;
	p->body = body;
	p->body_len = len;
	if (file.failed || (lp->src.title.s && p->src.title.s == NULL) ||
	    site_page_key(p, url, d) < 0 ||
	    site_add_route(s, strdup(p->key), i, ROUTE_CANONICAL, 0, 0) < 0)
		i = (size_t)-1;
	free(url);
	return i;
}

/* Route PATH/page/1/ to list page l. */
static int first_alias(struct site *s, size_t l, struct diag *d)
{
	char *url = pager_url(s, &s->pages[l], 2), key[PATHNORM_MAX + 1];
	size_t n, keylen;
	int rc = -1;

	if (url == NULL)
		return -1;
	n = strlen(url);	/* ".../page/2/" to ".../page/1/" */
	url[n - 2] = '1';
	if (n > PATHNORM_MAX ||
	    path_normalize(url, n, key, &keylen) != PATHNORM_OK)
		diag_at(d, DIAG_ERROR, s->pages[l].file, 0, 0,
			"pager path %.200s: does not normalise", url);
	else if ((rc = site_add_route(s, strdup(key), l, ROUTE_ALIAS, 0,
				      0)) == 0)
		/* no front-matter alias: a clash with one is an error even
		 * with alias_conflicts: hugo */
		s->routes[s->nroutes - 1].file = s->pages[l].file;
	free(url);
	return rc;
}

int pager_split(struct site *s, size_t l, const size_t *idx, size_t n,
		struct diag *d)
{
	size_t size = s->cfg->paginate ? s->cfg->paginate : 10, len;
	unsigned npagers = n == 0 ? 1 : (unsigned)((n - 1) / size + 1);
	size_t *num = calloc(npagers + 1, sizeof *num);
	struct buf own = {0};
	int rc = -1;

	if (num == NULL)
		return -1;
	for (size_t k = 0; k < n; k++)	/* a list changes when a page does */
		if (s->pages[idx[k]].lastmod > s->pages[l].lastmod)
			s->pages[l].lastmod = s->pages[idx[k]].lastmod;
	buf_add(&own, s->pages[l].body, s->pages[l].body_len);
	num[1] = l;
	for (unsigned k = 1; k <= npagers; k++) {
		size_t from = (k - 1) * size, to = from + size < n ? from + size : n;
		char *body = pager_body(s, &own, idx, from, to, &len), *url;

		if (body == NULL)
			goto out;
		if (k == 1) {
			free(s->pages[l].html);
			s->pages[l].html = body;
			s->pages[l].body = body;
			s->pages[l].body_len = len;
			continue;
		}
		if ((url = pager_url(s, &s->pages[l], k)) == NULL ||
		    (num[k] = new_pager(s, l, k, url, body, len, d)) ==
			    (size_t)-1)
			goto out;
	}
	for (unsigned k = 1; k <= npagers; k++) {
		struct page *p = &s->pages[num[k]];

		p->prev = k > 1 ? pager_url(s, &s->pages[l], k - 1) : NULL;
		p->next = k < npagers ? pager_url(s, &s->pages[l], k + 1) : NULL;
		if ((k > 1 && p->prev == NULL) || (k < npagers && p->next == NULL))
			goto out;
	}
	rc = first_alias(s, l, d);
out:
	buf_free(&own);
	free(num);
	return rc;
}
