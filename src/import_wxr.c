/* import_wxr.c: a WordPress WXR export (the XML of Tools > Export), read
 * with expat as a stream of elements. Each published post and page is
 * matched to a page of the site (-c), by its slug (wp:post_name) and day
 * (wp:post_date), else its slug alone, else its title, when exactly one
 * page fits; then its old addresses become rules to that page: its old
 * permalink (<link>), /?p=ID (wp:post_id), and the attachment pages
 * (<link> of each attachment whose wp:post_parent is the post). Addresses
 * the site already answers (a page or an alias) are left out. An item
 * that fits no page, or several, is reported with its line. */
#include <expat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "import.h"
#include "pathnorm.h"
#include "site.h"

#define FIELD_MAX 4096
#define ATTACH_MAX 65536

enum field { F_NONE, F_TITLE, F_LINK, F_ID, F_NAME, F_DATE, F_TYPE,
	     F_STATUS, F_PARENT, F__MAX };

static const char *const field_tags[F__MAX] = {
	[F_TITLE] = "title", [F_LINK] = "link", [F_ID] = "wp:post_id",
	[F_NAME] = "wp:post_name", [F_DATE] = "wp:post_date",
	[F_TYPE] = "wp:post_type", [F_STATUS] = "wp:status",
	[F_PARENT] = "wp:post_parent",
};

struct item {
	char f[F__MAX][FIELD_MAX];
	size_t len[F__MAX];
	unsigned long line;
};

/* An attachment waits until its parent post is matched. */
struct attachment {
	long parent;
	char *link;
	unsigned long line;
};

struct wxr {
	struct import *im;
	const char *file;
	XML_Parser p;
	struct item it;
	int in_item, depth;
	enum field cur;
	long *ids;		/* post id -> page, for attachments */
	size_t *pages, nids, capids;
	struct attachment *att;
	size_t natt;
	unsigned long posts, matched[3], unmatched;
};

/* same_day: the page's date is the day of "YYYY-MM-DD hh:mm:ss". */
static int same_day(const struct page *pg, const char *d)
{
	char day[11];
	time_t t = (time_t)pg->date;
	struct tm tm;

	if (pg->date == 0 || strlen(d) < 10 || gmtime_r(&t, &tm) == NULL)
		return 0;
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	return memcmp(day, d, 10) == 0;
}

/* slug_of: the page's slug: front matter's, else its path's last part. */
static const char *slug_of(const struct page *pg, size_t *n)
{
	const char *k = pg->key, *s;

	if (pg->src.slug.s != NULL) {	/* "/x/" is "x", as Hugo reads it */
		s = pg->src.slug.s + strspn(pg->src.slug.s, "/");
		*n = strlen(s);
		while (*n > 0 && s[*n - 1] == '/')
			(*n)--;
		return s;
	}
	s = strrchr(k, '/');
	s = s ? s + 1 : k;
	*n = strlen(s);
	return s;
}

/* slug_name: post_name decoded (it is percent-encoded for non-ASCII
 * slugs) into out; its length, 0 when it has none or does not decode. */
static size_t slug_name(const struct item *it, char *out)
{
	char raw[FIELD_MAX + 1];
	size_t n;

	if (it->len[F_NAME] == 0)
		return 0;
	snprintf(raw, sizeof raw, "/%s", it->f[F_NAME]);
	if (path_normalize(raw, strlen(raw), out, &n) != PATHNORM_OK || n < 2)
		return 0;
	memmove(out, out + 1, n);	/* without the '/' */
	return n - 1;
}

/* find: the one page that fits by how (0: slug and day, 1: slug, 2:
 * title); -1 for none, -2 for several. */
static long find(const struct site *s, const struct item *it, int how)
{
	char name[FIELD_MAX + 2];
	size_t nlen = slug_name(it, name);
	long found = -1;

	for (size_t i = 0; i + 1 < s->npages; i++) {
		const struct page *pg = &s->pages[i];
		size_t sn;
		const char *sl = slug_of(pg, &sn);
		int fits;

		if (pg->generated)
			continue;
		if (how == 2)
			fits = pg->src.title.s && it->len[F_TITLE] &&
			       strcmp(pg->src.title.s, it->f[F_TITLE]) == 0;
		else
			fits = nlen && sn == nlen && memcmp(sl, name, sn) == 0 &&
			       (how == 1 || same_day(pg, it->f[F_DATE]));
		if (fits && found >= 0)
			return -2;
		if (fits)
			found = (long)i;
	}
	return found;
}

/* keep: a rule from an old address (a URL of the old site, or a path) to
 * page, unless the site already answers it. */
static void keep(struct wxr *x, const char *addr, const struct page *pg,
		 unsigned long line)
{
	const char *p = strstr(addr, "://");
	char key[PATHNORM_MAX + 1];
	size_t n, klen;

	p = p ? strchr(p + 3, '/') : addr;
	if (p == NULL || *p != '/')
		return;		/* the old site's root: not a post */
	n = strcspn(p, "?#");
	if (n <= PATHNORM_MAX && p[n] != '?' &&
	    path_normalize(p, n, key, &klen) == PATHNORM_OK &&
	    site_has_key(x->im->site, key))
		return;		/* already a page or an alias */
	if (p[n] == '?' && n <= PATHNORM_MAX) {
		struct buf k = {0};

		/* "/?p=ID": a key when the page has wp_id */
		if (path_normalize(p, n, key, &klen) == PATHNORM_OK) {
			buf_add(&k, key, klen);
			buf_adds(&k, p + n);
			if (site_has_key(x->im->site, buf_cstr(&k))) {
				buf_free(&k);
				return;
			}
		}
		buf_free(&k);
	}
	import_exact(x->im, p, pg->url, RULE_301, x->file, line);
}

static void remember(struct wxr *x, long id, size_t page)
{
	if (x->nids == x->capids) {
		size_t cap = x->capids ? x->capids * 2 : 256;
		long *ids = realloc(x->ids, cap * sizeof *ids);
		size_t *pages;

		if (ids == NULL)
			return;
		x->ids = ids;
		if ((pages = realloc(x->pages, cap * sizeof *pages)) == NULL)
			return;
		x->pages = pages;
		x->capids = cap;
	}
	x->ids[x->nids] = id;
	x->pages[x->nids++] = page;
}

static void post(struct wxr *x, const struct item *it)
{
	const struct site *s = x->im->site;
	long pg = -1, id;
	char qp[64];
	int how;

	x->posts++;
	for (how = 0; how < 3 && pg == -1; how++)
		pg = find(s, it, how);
	if (pg < 0) {
		x->unmatched++;
		import_skip(x->im, x->file, it->line, "%s %s '%s' (%s): %s",
			    it->f[F_TYPE], it->f[F_ID], it->f[F_TITLE],
			    it->f[F_NAME], pg == -2 ? "several pages fit"
						    : "no page fits");
		return;
	}
	x->matched[how - 1]++;
	keep(x, it->f[F_LINK], &s->pages[pg], it->line);
	if (import_number(it->f[F_ID], &id) == 0) {
		snprintf(qp, sizeof qp, "/?p=%ld", id);
		keep(x, qp, &s->pages[pg], it->line);
		remember(x, id, (size_t)pg);
	}
}

/* attachment: kept until every post is matched (a parent may come later). */
static void attachment(struct wxr *x, const struct item *it)
{
	struct attachment *a;

	if (it->len[F_LINK] == 0 || x->natt >= ATTACH_MAX)
		return;
	a = realloc(x->att, (x->natt + 1) * sizeof *a);
	if (a == NULL)
		return;
	x->att = a;
	a[x->natt] = (struct attachment){ -1, strdup(it->f[F_LINK]), it->line };
	import_number(it->f[F_PARENT], &a[x->natt].parent);
	if (a[x->natt].link != NULL)
		x->natt++;
}

static void item_done(struct wxr *x)
{
	const struct item *it = &x->it;

	if (strcmp(it->f[F_TYPE], "attachment") == 0)
		attachment(x, it);
	else if ((strcmp(it->f[F_TYPE], "post") == 0 ||
		  strcmp(it->f[F_TYPE], "page") == 0) &&
		 strcmp(it->f[F_STATUS], "publish") == 0)
		post(x, it);
}

static void XMLCALL on_start(void *ctx, const XML_Char *name,
			     const XML_Char **attrs)
{
	struct wxr *x = ctx;

	(void)attrs;
	x->depth++;
	if (strcmp(name, "item") == 0) {
		memset(&x->it, 0, sizeof x->it);
		x->it.line = (unsigned long)XML_GetCurrentLineNumber(x->p);
		x->in_item = x->depth;
		return;
	}
	x->cur = F_NONE;
	if (x->in_item && x->depth == x->in_item + 1)
		for (int f = 1; f < F__MAX; f++)
			if (strcmp(name, field_tags[f]) == 0)
				x->cur = (enum field)f;
}

static void XMLCALL on_end(void *ctx, const XML_Char *name)
{
	struct wxr *x = ctx;

	if (x->in_item && x->depth == x->in_item && strcmp(name, "item") == 0) {
		item_done(x);
		x->in_item = 0;
	}
	x->cur = F_NONE;
	x->depth--;
}

static void XMLCALL on_text(void *ctx, const XML_Char *s, int len)
{
	struct wxr *x = ctx;
	struct item *it = &x->it;
	size_t *n = &it->len[x->cur];

	if (x->cur == F_NONE || len <= 0)
		return;
	if (*n + (size_t)len >= FIELD_MAX)
		len = (int)(FIELD_MAX - 1 - *n);
	memcpy(it->f[x->cur] + *n, s, (size_t)len);
	*n += (size_t)len;
	it->f[x->cur][*n] = '\0';
}

/* attachments_done: each attachment page to its matched parent's page. */
static void attachments_done(struct wxr *x)
{
	for (size_t i = 0; i < x->natt; i++) {
		const struct attachment *a = &x->att[i];
		size_t k;

		for (k = 0; k < x->nids && x->ids[k] != a->parent; k++)
			;
		if (k < x->nids)
			keep(x, a->link, &x->im->site->pages[x->pages[k]],
			     a->line);
		free(x->att[i].link);
	}
}

int import_wxr(struct import *im, const char *file, const char *text,
	       size_t len)
{
	struct wxr *x = calloc(1, sizeof *x);
	int rc = 0;

	if (x == NULL || (x->p = XML_ParserCreate("UTF-8")) == NULL) {
		free(x);
		diag_at(im->d, DIAG_ERROR, file, 0, 0, "out of memory");
		return -1;
	}
	if (im->site == NULL) {
		diag_at(im->d, DIAG_ERROR, file, 0, 0, "a WXR export is matched "
			"to the site's pages: give the site config with -c");
		rc = -1;
		goto out;
	}
	x->im = im;
	x->file = file;
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, on_start, on_end);
	XML_SetCharacterDataHandler(x->p, on_text);
	if (len > (size_t)INT32_MAX ||
	    XML_Parse(x->p, text, (int)len, 1) == XML_STATUS_ERROR) {
		diag_at(im->d, DIAG_ERROR, file,
			(unsigned long)XML_GetCurrentLineNumber(x->p),
			(unsigned long)XML_GetCurrentColumnNumber(x->p) + 1,
			"%s", XML_ErrorString(XML_GetErrorCode(x->p)));
		rc = -1;
	}
	attachments_done(x);
	fprintf(stderr, "slugindex import: %s: %lu posts and pages: %lu "
		"matched by slug and date, %lu by slug, %lu by title, %lu not "
		"matched; %zu attachments\n", file, x->posts, x->matched[0],
		x->matched[1], x->matched[2], x->unmatched, x->natt);
out:
	XML_ParserFree(x->p);
	free(x->att);
	free(x->ids);
	free(x->pages);
	free(x);
	return rc;
}
