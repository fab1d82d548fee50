/* alias_hugo.c: which of two pages claiming one alias Hugo 0.111 keeps.
 * Hugo writes every alias as a file, page after page, and the last one
 * written stays. It renders the languages one after the other in their
 * order (our content folders' order), and in a language it walks its
 * content tree: first every regular page, keyed SECTION + "__hb_" + the
 * page's path below its section + "__hl_", then the home and section
 * pages, keyed by their folder; keys lower-cased, walked in byte order.
 * A page's section is the deepest folder above it with an _index file,
 * or its top-level folder (Hugo makes that one up), or the home. Checked
 * against hugo itself in t/hugo-compare.sh. */
#include <ctype.h>
#include <string.h>

#include "site.h"

/* has_section: whether folder rel[0..n) of content folder cd has a list
 * page (an _index file) among the pages. */
static int has_section(const struct site *s, const struct content_dir *cd,
		       const char *rel, size_t n)
{
	for (size_t i = 0; i < s->npages; i++) {
		const struct page *p = &s->pages[i];

		if (p->dir == cd && p->kind == PAGE_LIST && p->rel != NULL &&
		    strncmp(p->rel, rel, n) == 0 && p->rel[n] == '/' &&
		    strchr(p->rel + n + 1, '/') == NULL)
			return 1;
	}
	return 0;
}

/* page_path: the length of the part of rel Hugo keys a page by: the
 * folder of a leaf bundle ("blog/x" of "blog/x/index.md"), else the file
 * name without its extension ("blog/y" of "blog/y.md"). */
static size_t page_path(const char *rel)
{
	const char *last = strrchr(rel, '/'), *base = last ? last + 1 : rel;
	const char *dot = strrchr(base, '.');

	if (last != NULL && strncmp(base, "index.", 6) == 0)
		return (size_t)(last - rel);
	return dot ? (size_t)(dot - rel) : strlen(rel);
}

/* page_section: the length of rel's section folder: the deepest folder
 * above the page with an _index file, else its top-level folder, else 0
 * (the home). */
static size_t page_section(const struct site *s, const struct page *p,
			   size_t plen)
{
	const char *first = memchr(p->rel, '/', plen);

	for (size_t i = plen; i-- > 0;)
		if (p->rel[i] == '/' && has_section(s, p->dir, p->rel, i))
			return i;
	return first ? (size_t)(first - p->rel) : 0;
}

/* tree_key: page p's key in Hugo's content tree, lower-cased, into out
 * (truncated to size: two such long keys would compare equal). */
static void tree_key(const struct site *s, const struct page *p, char *out,
		     size_t size)
{
	const char *rel = p->rel, *last = strrchr(rel, '/');
	size_t plen, sec;

	if (p->kind == PAGE_LIST) {	/* "blog/_index.md": "/blog/" */
		plen = last ? (size_t)(last - rel) : 0;
		snprintf(out, size, "/%.*s%s", (int)plen, rel, plen ? "/" : "");
	} else {
		plen = page_path(rel);
		sec = page_section(s, p, plen);
		snprintf(out, size, "/%.*s%s__hb_%.*s__hl_", (int)sec, rel,
			 sec ? "/" : "", (int)(plen - sec - (sec ? 1 : 0)),
			 rel + sec + (sec ? 1 : 0));
	}
	for (; *out; out++)
		*out = (char)tolower((unsigned char)*out);
}

/* dir_index: the number of p's content folder in the config. */
static size_t dir_index(const struct site *s, const struct page *p)
{
	return (size_t)(p->dir - s->cfg->dirs);
}

size_t hugo_alias_winner(const struct site *s, size_t a, size_t b)
{
	const struct page *x = &s->pages[a], *y = &s->pages[b];
	char kx[1024], ky[1024];

	if (x->dir == NULL || y->dir == NULL)
		return x->dir == NULL ? b : a;
	if (dir_index(s, x) != dir_index(s, y))
		return dir_index(s, x) > dir_index(s, y) ? a : b;
	if (x->kind != y->kind)		/* list pages are walked last */
		return x->kind == PAGE_LIST ? a : b;
	tree_key(s, x, kx, sizeof kx);
	tree_key(s, y, ky, sizeof ky);
	return strcmp(kx, ky) > 0 ? a : b;
}
