/* linkcheck.h: slugindex check's internal link check. Every href and src
 * in the page bodies that points at the site itself (a path, a relative
 * reference, or a URL on base_url's host) is answered through the
 * server's decision (route.h) on the index being checked; each that would
 * get a 404 or 410, a redirect, or an alias is a warning at its file, line
 * and column, with the canonical path to link to instead. */
#ifndef SLUG_LINKCHECK_H
#define SLUG_LINKCHECK_H

#include <stdio.h>

#include "diag.h"
#include "index.h"

struct ruleset;

struct linkcheck_stats {
	unsigned long internal;	/* links to the site, answered */
	unsigned long fine;	/* a page at its own path */
	unsigned long broken;	/* 404, 410 or another refusal */
	unsigned long redirected;
	unsigned long aliased;	/* a 200 through an alias */
	unsigned long files;	/* 404s to a file name (image, download) */
	unsigned long external;	/* another host */
	unsigned long other;	/* fragments, mailto:, tel:, data:, ... */
};

/* One page to check: its body's source (Markdown or HTML). */
struct link_page {
	const char *file;	/* for messages */
	const char *url;	/* its canonical URL, for relative links */
	const char *src;
	size_t len;
	unsigned long body_line;	/* file line of src's first byte */
	int markdown;
};

struct link_checker;

/* linkcheck_new: a checker against idx, whose base URL is base_url; NULL
 * when memory ran out. */
struct link_checker *linkcheck_new(const struct index *idx,
				   struct ruleset *rules,
				   const char *base_url, struct diag *d);

/* linkcheck_page: report p's links that do not answer with a page. */
void linkcheck_page(struct link_checker *c, const struct link_page *p);

/* linkcheck_done: the counts so far; then free c. */
void linkcheck_done(struct link_checker *c, struct linkcheck_stats *st);

/* linkcheck_summary: one line of the counts. */
void linkcheck_summary(const struct linkcheck_stats *st, FILE *out);

#endif
