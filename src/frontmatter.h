/* frontmatter.h: read one Hugo content file: its front matter (YAML between
 * "---" lines or a JSON object, parsed with libyaml, or TOML between "+++"
 * lines, parsed by toml.h into the same kind of document) and its body.
 *
 * Keys are matched without regard to case, as Hugo does. Known keys are
 * checked for type; any other scalar key is kept as page data for the
 * layout. Every problem is reported with file:line:column. */
#ifndef SLUG_FRONTMATTER_H
#define SLUG_FRONTMATTER_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* A string from front matter, with where it stood in the file. */
struct fm_str {
	char *s;		/* owned, NUL-terminated; NULL when absent */
	unsigned long line, col;
};

struct fm_param {
	char *name;		/* owned, lower-cased key */
	char *value;		/* owned */
};

/* A key whose value is a list of scalars (tags: [a, b]). */
struct fm_list {
	char *name;		/* owned, lower-cased key */
	char **vals;		/* owned array of n owned strings */
	size_t n;
};

enum fm_date {
	FM_DATE,
	FM_LASTMOD,
	FM_PUBLISHDATE,
	FM_EXPIRYDATE,
	FM_DATE__MAX
};

struct page_src {
	const char *file;	/* borrowed: the caller's path, for messages */
	struct fm_str title, author, description, slug, url, translation_key;
	struct fm_str date_text[FM_DATE__MAX];
	int64_t dates[FM_DATE__MAX];	/* unix time; 0 when absent */
	int has_date[FM_DATE__MAX];
	int draft;
	int headless;		/* headless: true: never rendered, no URL */
	int unrendered;		/* _build.render never, false or link */
	int unlisted;		/* _build.list never or local */
	struct fm_str *aliases;	/* owned array of nalias */
	size_t nalias;
	struct fm_param *params;	/* owned array of nparams, file order */
	size_t nparams;
	struct fm_list *lists;	/* owned array of nlists, file order */
	size_t nlists;
	const char *body;	/* view into the caller's buffer */
	size_t body_len;
	unsigned long body_line;	/* file line where the body starts */
};

/* frontmatter_parse: split buf[0..len) (a whole file) into front matter and
 * body and fill *out (zeroed first). Returns 0 when the file is usable, -1
 * after reporting at least one error. On both, release with
 * frontmatter_free(). out->body points into buf. */
int frontmatter_parse(const char *file, const char *buf, size_t len,
		      struct page_src *out, struct diag *d);

void frontmatter_free(struct page_src *p);

/* frontmatter_param: the value of a kept scalar key (lower-case name), or
 * NULL. */
const char *frontmatter_param(const struct page_src *p, const char *name);

/* frontmatter_list: the list kept for a key (lower-case name) whose value
 * is a list of scalars, or NULL. */
const struct fm_list *frontmatter_list(const struct page_src *p,
				       const char *name);

/* parse_date: Hugo's front-matter date forms: YYYY-MM-DD, optionally
 * followed by 'T' or ' ' and HH:MM[:SS[.frac]], optionally followed by 'Z'
 * or +HH:MM / -HH:MM. Without a zone, UTC. Returns 0 and sets *t, or -1. */
int parse_date(const char *s, int64_t *t);

#endif
