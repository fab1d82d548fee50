/* layout.h: the site's one HTML layout, split at build time into literal
 * segments and {{ field }} placeholders, so that serving a page is a short
 * sequence of writes. Field names: title, site_title, date, lastmod, author,
 * description, canonical, path, lang, body, prev, next, prev_link,
 * next_link, and any front-matter key (docs/config.md). */
#ifndef SLUG_LAYOUT_H
#define SLUG_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

#define LAYOUT_NO_FIELD 0xFFFFFFFFu

struct layout_seg {
	const char *lit;	/* view into layout.text */
	size_t lit_len;
	uint32_t field;		/* index into layout.fields, or LAYOUT_NO_FIELD */
};

struct layout {
	char *text;		/* owned: the layout's bytes */
	struct layout_seg *segs;	/* owned */
	size_t nsegs;
	char **fields;		/* owned: distinct field names, in order */
	size_t nfields;
};

/* layout_load: read and split the layout at path, or the built-in default
 * layout when path is NULL. Returns 0, or -1 after reporting problems
 * (file:line:column). Release with layout_free() in both cases. */
int layout_load(struct layout *l, const char *path, struct diag *d);

void layout_free(struct layout *l);

#endif
