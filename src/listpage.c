/* listpage.c: home and section pages. Hugo makes a home page for every
 * language and a section page for every top-level folder even without an
 * _index file; slugindex makes the same ones, so that every path Hugo would
 * serve is served. Every list page gets, after its own body, the list of
 * its pages, newest first (at most LIST_MAX). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "site.h"

#define LIST_MAX 100

/* The section of a page read from rel: its top-level folder, or none for
 * a file at the root and a leaf bundle directly under it. */
static size_t section_len(const char *rel)
{
	const char *slash = strchr(rel, '/');

	if (slash == NULL)
		return 0;
	if (strchr(slash + 1, '/') == NULL && strncmp(slash + 1, "index.", 6) == 0)
		return 0;
	return (size_t)(slash - rel);
}

static int is_index_of(const struct page *p, const char *dir, size_t n)
{
	if (p->kind != PAGE_LIST)
		return 0;
	if (n == 0)
		return strchr(p->rel, '/') == NULL;
	return strncmp(p->rel, dir, n) == 0 && p->rel[n] == '/' &&
	       strchr(p->rel + n + 1, '/') == NULL;
}

/* Make up the list page of folder dir[0..n) ("" for the home page). */
static int add_implicit(struct site *s, const struct content_dir *cd,
			const char *dir, size_t n, struct diag *d)
{
	struct page *p = site_new_page(s);
	struct buf rel = {0}, path = {0}, file = {0};
	int rc = -1;

	if (p == NULL)
		return -1;
	buf_addf(&rel, "%.*s%s_index.md", (int)n, dir, n ? "/" : "");
	buf_addf(&file, "%s/%s (made up, as Hugo does)", cd->dir, buf_cstr(&rel));
	p->rel = strdup(buf_cstr(&rel));
	p->file = strdup(buf_cstr(&file));
	p->src.title.s = n ? strndup(dir, n)
			   : strdup(cd->title ? cd->title : s->cfg->title);
	p->lang = cd->lang;
	p->dir = cd;
	p->body = "";
	if (p->rel == NULL || p->file == NULL || p->src.title.s == NULL)
		goto out;
	p->src.title.s[0] = (char)toupper((unsigned char)p->src.title.s[0]);
	p->kind = hugo_page_path(p->rel, &p->src, cd->prefix, &path);
	if (site_page_key(p, buf_cstr(&path), d) < 0)
		goto out;
	rc = site_add_route(s, strdup(p->key), s->npages - 1, ROUTE_CANONICAL,
			    0, 0);
out:
	buf_free(&rel);
	buf_free(&path);
	buf_free(&file);
	return rc;
}

/* Append the list of the pages under list page l (pages first..last-1). */
static int add_list(struct site *s, size_t l, size_t first, size_t last)
{
	struct page *lp = &s->pages[l];
	size_t dir_len = strlen(lp->rel) - strlen(strrchr(lp->rel, '/') ?
						  strrchr(lp->rel, '/') : lp->rel);
	size_t *idx = malloc((last - first + 1) * sizeof *idx), n = 0;
	struct buf html = {0};

	if (idx == NULL)
		return -1;
	for (size_t i = first; i < last; i++)
		if (s->pages[i].kind == PAGE_SINGLE && !s->pages[i].src.unlisted &&
		    strncmp(s->pages[i].rel, lp->rel, dir_len) == 0 &&
		    (dir_len == 0 || s->pages[i].rel[dir_len] == '/'))
			idx[n++] = i;
	site_sort_newest(s, idx, n);
	buf_add(&html, lp->body, lp->body_len);
	buf_adds(&html, "\n<ul class=\"pages\">\n");
	for (size_t k = 0; k < n && k < LIST_MAX; k++) {
		const struct page *p = &s->pages[idx[k]];

		/* what the list shows changes when a listed page does */
		if (p->lastmod > lp->lastmod)
			lp->lastmod = p->lastmod;
		const char *t = p->src.title.s ? p->src.title.s : p->url;

		buf_adds(&html, "<li><a href=\"");
		buf_add_html(&html, p->url, strlen(p->url));
		buf_adds(&html, "\">");
		buf_add_html(&html, t, strlen(t));
		buf_adds(&html, "</a></li>\n");
	}
	buf_adds(&html, "</ul>\n");
	free(idx);
	if (html.failed)
		return -1;
	free(lp->html);
	lp->html = html.data;
	lp->body = lp->html;
	lp->body_len = html.len;
	return 0;
}

static int has_index(const struct site *s, size_t first, const char *dir,
		     size_t n)
{
	for (size_t i = first; i < s->npages; i++)
		if (is_index_of(&s->pages[i], dir, n))
			return 1;
	return 0;
}

int list_pages_add(struct site *s, const struct content_dir *cd,
		   size_t first, struct diag *d)
{
	size_t read_end = s->npages, last_section = (size_t)-1;

	/* pages come folder by folder, so one section's pages are adjacent */
	for (size_t i = first; i < read_end; i++) {
		const char *rel = s->pages[i].rel;
		size_t n = section_len(rel);

		if (n == 0 || (last_section != (size_t)-1 &&
			       section_len(s->pages[last_section].rel) == n &&
			       strncmp(s->pages[last_section].rel, rel, n) == 0))
			continue;
		last_section = i;
		if (!has_index(s, first, rel, n) &&
		    add_implicit(s, cd, rel, n, d) < 0)
			return -1;
	}
	if (!has_index(s, first, "", 0) && add_implicit(s, cd, "", 0, d) < 0)
		return -1;
	for (size_t i = first; i < s->npages; i++)
		if (s->pages[i].kind == PAGE_LIST &&
		    add_list(s, i, first, read_end) < 0)
			return -1;
	return 0;
}
