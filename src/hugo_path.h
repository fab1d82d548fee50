/* hugo_path.h: the URL paths Hugo gives a page and its aliases, as written
 * down in docs/paths.md (and checked against Hugo itself by t/hugo-compare.sh).
 * Paths come out in Hugo's form ("/fr/blog/x/"), before normalisation. */
#ifndef SLUG_HUGO_PATH_H
#define SLUG_HUGO_PATH_H

#include "buf.h"
#include "frontmatter.h"

enum page_kind {
	PAGE_SINGLE,		/* a regular page: x.md or a bundle x/index.md */
	PAGE_LIST,		/* a section or the home page: _index.md */
	PAGE__MAX
};

/* hugo_page_path: the path of the page read from rel (its path relative to
 * its content folder, e.g. "blog/x/index.md"), with the content folder's
 * language prefix ("" or "/fr"). Appends to out; returns the page kind. */
enum page_kind hugo_page_path(const char *rel, const struct page_src *src,
			      const char *prefix, struct buf *out);

/* hugo_alias_path: the path an alias names. An absolute alias is taken as
 * it is (never prefixed: "/fr/2019/x/" on a French page is exactly that);
 * a relative one is resolved against the folder above the page's path.
 * Appends to out. Returns 0, or -1 with *why set when the alias is not a
 * path (empty, a URL with a scheme, or rising above the root). */
int hugo_alias_path(const char *alias, const char *page_path, struct buf *out,
		    const char **why);

/* hugo_sanitize: Hugo's MakePathSanitized on s[0..n): lower-case, keep
 * letters, digits, marks and . / \ _ - # + ~ and %XX, turn runs of spaces
 * (and what is dropped before them) into one '-'. Appends to out. */
void hugo_sanitize(const char *s, size_t n, struct buf *out);

#endif
