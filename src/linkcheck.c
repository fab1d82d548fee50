/* linkcheck.c: the internal link check (see linkcheck.h). An HTML body is
 * tokenized as it is (htmllinks.c), so each link's offset gives its line
 * and column. A Markdown body is parsed by cmark, whose tree tells links
 * from text and code: link and image destinations, and the href/src of
 * its raw HTML; each is then found in the source from its block's first
 * line on, for its position (the block's start when it cannot be, as for
 * a destination written with escapes). */
#include <cmark.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "htmllinks.h"
#include "linkcheck.h"
#include "linkresolve.h"
#include "route.h"

struct link_checker {
	const struct index *idx;
	struct ruleset *rules;
	struct link_base base;
	struct diag *d;
	struct linkcheck_stats *st, stats;
	const struct link_page *p;
	const char *src;	/* the body's source */
	size_t len;
	size_t *lines;		/* offsets of the body's line starts */
	size_t nlines;
	size_t cursor;		/* Markdown: where the next search starts */
	struct route_scratch rs;
	char path[LINK_PATH_MAX];
};

/* position: file line and column of body offset at. */
static void position(const struct link_checker *c, size_t at, unsigned long *line,
		     unsigned long *col)
{
	size_t lo = 0, hi = c->nlines;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (c->lines[mid] <= at)
			lo = mid;
		else
			hi = mid;
	}
	*line = c->p->body_line + lo;
	*col = at - c->lines[lo] + 1;
}

static void warn(struct link_checker *c, size_t at, const char *v, size_t n,
		 const char *what, const struct route *rt)
{
	unsigned long line, col;
	int code = http_statuses[rt->status].code;

	position(c, at, &line, &col);
	if (rt->has_page && rt->status != HTTP_NOT_FOUND)
		diag_at(c->d, DIAG_WARNING, c->p->file, line, col,
			"link to '%.*s' %s (%d): link to '%.*s' instead",
			(int)n, v, what, code, (int)rt->pg.url.len,
			rt->pg.url.ptr);
	else
		diag_at(c->d, DIAG_WARNING, c->p->file, line, col,
			"link to '%.*s' %s (%d)", (int)n, v, what, code);
}

/* one_link: resolve, answer and count the link v[0..n) at offset at. */
static void one_link(struct link_checker *c, const char *v, size_t n, size_t at)
{
	struct route_request rq = { "GET", {0}, {0} };
	struct route rt;
	enum link_kind k = link_resolve(&c->base, c->p->url, v, n, c->path,
					&rq.path, &rq.query);
	int code;

	if (k == LINK_EXTERNAL || k == LINK_OTHER) {
		c->st->external += k == LINK_EXTERNAL;
		c->st->other += k == LINK_OTHER;
		return;
	}
	route_decide(c->idx, c->rules, &rq, &c->rs, &rt);
	code = http_statuses[rt.status].code;
	if (code == 404 && link_is_file(rq.path)) {
		c->st->files++;	/* the web server's files, not pages */
		return;
	}
	c->st->internal++;
	if (code == 200 && rt.how == HOW_ALIAS) {
		c->st->aliased++;
		warn(c, at, v, n, "is an alias", &rt);
	} else if (code == 200) {
		c->st->fine++;
	} else if (code >= 300 && code < 400) {
		c->st->redirected++;
		warn(c, at, v, n, "is redirected", &rt);
	} else {
		c->st->broken++;
		warn(c, at, v, n, code == 410 ? "is gone" : "answers nothing",
		     &rt);
	}
}

static void html_link(void *ctx, const char *v, size_t n, size_t at,
		      const char *attr)
{
	(void)attr;
	one_link(ctx, v, n, at);
}

/* md_link: a link found in a Markdown block whose source starts at from:
 * its position is where its text next appears. */
static void md_link(struct link_checker *c, const char *v, size_t n, size_t from)
{
	size_t at = c->cursor > from ? c->cursor : from;
	const char *hit = NULL;

	if (n > 0 && at < c->len)
		hit = memmem(c->src + at, c->len - at, v, n);
	if (hit != NULL) {
		at = (size_t)(hit - c->src);
		c->cursor = at + n;
	} else
		at = from;
	one_link(c, v, n, at);
}

/* Raw HTML of a Markdown page: cmark gives its literal as written, so
 * where that literal starts in the source gives each link's position. */
struct md_html {
	struct link_checker *c;
	size_t from;		/* its block's first line */
	size_t base;		/* where the literal is in the source, or
				   SIZE_MAX: search each value instead */
	int verbatim;		/* the whole literal is there as written (not
				   inside a quote or a list, whose markers
				   cmark strips from it) */
};

static void md_html_link(void *ctx, const char *v, size_t n, size_t at,
			 const char *attr)
{
	struct md_html *m = ctx;

	(void)attr;
	if (m->base == SIZE_MAX || !m->verbatim || m->base + at >= m->c->len) {
		md_link(m->c, v, n, m->base == SIZE_MAX ? m->from : m->base);
		return;	/* found by its text */
	}
	m->c->cursor = m->base + at;
	one_link(m->c, v, n, m->base + at);
}

/* literal_at: where literal s (its first line, at most 64 bytes) next
 * appears in the source from from on; SIZE_MAX when it does not. */
static size_t literal_at(struct link_checker *c, const char *s, size_t from)
{
	size_t n = strcspn(s, "\n"), at = c->cursor > from ? c->cursor : from;
	const char *hit;

	if (n > 64)
		n = 64;
	if (n == 0 || at >= c->len ||
	    (hit = memmem(c->src + at, c->len - at, s, n)) == NULL)
		return SIZE_MAX;
	return (size_t)(hit - c->src);
}

/* block_start: the body offset of node's (or its block's) first line. */
static size_t block_start(const struct link_checker *c, cmark_node *node)
{
	int line = 0;

	for (; node != NULL && line <= 0; node = cmark_node_parent(node))
		line = cmark_node_get_start_line(node);
	if (line <= 0 || (size_t)line > c->nlines)
		return 0;
	return c->lines[line - 1];
}

static void markdown_links(struct link_checker *c)
{
	cmark_node *doc = cmark_parse_document(c->src, c->len,
					       CMARK_OPT_SOURCEPOS);
	cmark_iter *it = doc ? cmark_iter_new(doc) : NULL;
	cmark_event_type ev;

	while (it && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		const char *s;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		if ((t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) &&
		    (s = cmark_node_get_url(node)) != NULL)
			md_link(c, s, strlen(s), block_start(c, node));
		else if ((t == CMARK_NODE_HTML_BLOCK ||
			  t == CMARK_NODE_HTML_INLINE) &&
			 (s = cmark_node_get_literal(node)) != NULL) {
			struct md_html m = { c, block_start(c, node), 0, 0 };

			m.base = literal_at(c, s, m.from);
			m.verbatim = m.base != SIZE_MAX &&
				     strlen(s) <= c->len - m.base &&
				     memcmp(c->src + m.base, s, strlen(s)) == 0;

			html_links(s, strlen(s), md_html_link, &m);
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
}

/* line_starts: the offsets where each line of the body starts. */
static int line_starts(struct link_checker *c)
{
	size_t n = 1;

	for (size_t i = 0; i < c->len; i++)
		n += c->src[i] == '\n';
	free(c->lines);
	if ((c->lines = malloc(n * sizeof *c->lines)) == NULL)
		return -1;
	c->lines[0] = 0;
	c->nlines = 1;
	for (size_t i = 0; i < c->len; i++)
		if (c->src[i] == '\n')
			c->lines[c->nlines++] = i + 1;
	return 0;
}

struct link_checker *linkcheck_new(const struct index *idx,
				   struct ruleset *rules,
				   const char *base_url, struct diag *d)
{
	struct link_checker *c = calloc(1, sizeof *c);

	if (c == NULL)
		return NULL;
	c->idx = idx;
	c->rules = rules;
	c->d = d;
	c->st = &c->stats;
	link_base_init(&c->base, base_url);
	return c;
}

void linkcheck_page(struct link_checker *c, const struct link_page *p)
{
	c->p = p;
	c->src = p->src;
	c->len = p->len;
	c->cursor = 0;
	if (line_starts(c) < 0) {
		diag_at(c->d, DIAG_ERROR, p->file, 0, 0, "out of memory");
		return;
	}
	if (p->markdown)
		markdown_links(c);
	else
		html_links(c->src, c->len, html_link, c);
}

void linkcheck_done(struct link_checker *c, struct linkcheck_stats *st)
{
	if (c == NULL)
		return;
	*st = c->stats;
	free(c->lines);
	free(c);
}

void linkcheck_summary(const struct linkcheck_stats *st, FILE *out)
{
	fprintf(out, "slugindex: links: %lu to the site's pages: %lu fine, "
		"%lu answer nothing, %lu redirected, %lu to aliases; %lu to "
		"files that are not pages (not checked), %lu to other sites, %lu "
		"other (fragments, mailto:, ...)\n", st->internal, st->fine,
		st->broken, st->redirected, st->aliased, st->files,
		st->external, st->other);
}
