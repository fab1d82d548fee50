/* listpage.c: home and section pages. Hugo makes a home page for every
 * language and a section page for every top-level folder even without an
 * _index file; slugindex makes the same ones, so that every path Hugo would
 * serve is served. Every list page gets, after its own body, the list of
 * the pages Hugo's .Paginator gives it, newest first, in pagers (pager.c):
 * the home page lists every regular page of its language, a section the
 * regular pages whose section it is (not those of its subsections). Then
 * the taxonomy pages are made (taxonomy.c). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "site.h"

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
	if (p->kind != PAGE_LIST || p->rel == NULL)
		return 0;	/* not a list, or a pager or taxonomy page */
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

static int has_index(const struct site *s, size_t first, const char *dir,
		     size_t n)
{
	for (size_t i = first; i < s->npages; i++)
		if (is_index_of(&s->pages[i], dir, n))
			return 1;
	return 0;
}

/* The list pages among first..end-1 (their numbers, *n of them), which a
 * page's section is looked up in; NULL when memory ran out. */
static size_t *list_index(const struct site *s, size_t first, size_t end,
			  size_t *n)
{
	size_t *lists = malloc((end - first + 1) * sizeof *lists);

	*n = 0;
	for (size_t i = first; lists != NULL && i < end; i++)
		if (s->pages[i].kind == PAGE_LIST && s->pages[i].rel != NULL)
			lists[(*n)++] = i;
	return lists;
}

/* page_section_len: the length of the folder of the section of regular
 * page i (a prefix of its rel): the deepest folder above it with a list
 * page (among lists[0..nlists)), else 0 (the home). A leaf bundle's own
 * folder is not above it. */
static size_t page_section_len(const struct site *s, const size_t *lists,
			       size_t nlists, size_t i)
{
	const char *rel = s->pages[i].rel, *base = strrchr(rel, '/');
	size_t n = base ? (size_t)(base - rel) : 0;

	if (base != NULL && strncmp(base + 1, "index.", 6) == 0)
		while (n > 0 && rel[--n] != '/')
			;	/* x/index.md: start above x */
	for (; n > 0; n--) {
		if (rel[n] != '/')
			continue;
		for (size_t k = 0; k < nlists; k++)
			if (is_index_of(&s->pages[lists[k]], rel, n))
				return n;
	}
	return 0;
}

/* Give list page l the list of its regular pages among first..last-1
 * (sec: each one's section length), newest first, in pagers. */
static int add_list(struct site *s, size_t l, size_t first, size_t last,
		    const size_t *sec, struct diag *d)
{
	const char *lrel = s->pages[l].rel, *slash = strrchr(lrel, '/');
	size_t dir_len = slash ? (size_t)(slash - lrel) : 0, n = 0;
	size_t *idx = malloc((last - first + 1) * sizeof *idx);
	int rc;

	if (idx == NULL)
		return -1;
	for (size_t i = first; i < last; i++) {
		const struct page *p = &s->pages[i];

		if (p->kind != PAGE_SINGLE || p->src.unlisted)
			continue;
		if (dir_len == 0 || (sec[i - first] == dir_len &&
				     strncmp(p->rel, lrel, dir_len) == 0))
			idx[n++] = i;
	}
	site_sort_newest(s, idx, n);
	rc = pager_split(s, l, idx, n, d);
	free(idx);
	return rc;
}

/* The list of every list page among first..npages-1. */
static int add_lists(struct site *s, size_t first, size_t read_end,
		     struct diag *d)
{
	size_t end = s->npages;	/* pagers are added after */
	size_t *sec = calloc(read_end - first + 1, sizeof *sec), nlists;
	size_t *lists = list_index(s, first, end, &nlists);
	int rc = 0;

	if (sec == NULL || lists == NULL) {
		free(sec);
		free(lists);
		return -1;
	}
	for (size_t i = first; i < read_end; i++)
		if (s->pages[i].kind == PAGE_SINGLE)
			sec[i - first] = page_section_len(s, lists, nlists, i);
	free(lists);
	for (size_t i = first; i < end && rc == 0; i++)
		if (s->pages[i].kind == PAGE_LIST &&
		    !taxonomy_folder(s, s->pages[i].rel))
			rc = add_list(s, i, first, read_end, sec, d);
	free(sec);
	return rc;
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
		if (!has_index(s, first, rel, n) && !taxonomy_folder(s, rel) &&
		    add_implicit(s, cd, rel, n, d) < 0)
			return -1;
	}
	if (!has_index(s, first, "", 0) && add_implicit(s, cd, "", 0, d) < 0)
		return -1;
	if (add_lists(s, first, read_end, d) < 0)
		return -1;
	return taxonomy_add(s, cd, first, read_end, d);
}
