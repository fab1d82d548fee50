/* diff.c: slugindex diff (see diff.h and slugindex(1)). The paths probed:
 * each page's canonical URL and each alias key (percent-encoded) of both
 * indexes, and with --log every GET and HEAD target of the logs, weighted
 * by hits. Each is decided by both indexes; a path whose status or
 * destination differs is printed as
 *   CHANGE <TAB> PATH <TAB> OLD ANSWER <TAB> NEW ANSWER [<TAB> HITS]
 * CHANGE: "broken" (answered 200 or a redirect, now does not), "added"
 * (did not answer, now does), "moved" (answers, but with another status
 * or destination), "changed" (answers neither time, another status). */
#include <stdlib.h>
#include <string.h>

#include "accesslog.h"
#include "diff.h"
#include "hitmap.h"
#include "logread.h"
#include "pathnorm.h"
#include "route.h"

enum change { SAME, BROKEN, ADDED, MOVED, CHANGED, CHANGE__MAX };

static const char *const change_names[CHANGE__MAX] = {
	"same", "broken", "added", "moved", "changed",
};

/* One side's answer to a path: the status and where it leads. */
struct answer {
	int code;
	char to[3 * PATHNORM_MAX + 3 * ROUTE_QUERY_MAX + 2];
};

struct differ {
	struct hitmap paths;
	struct route_scratch rs;
	char buf[3 * PATHNORM_MAX + 2 + ACCESSLOG_TARGET_MAX];
	struct answer a, b;
	unsigned long long count[CHANGE__MAX];
};

static int answers(int code)
{
	return code == 200 || (code >= 300 && code < 400);
}

/* add_keys: every key of idx as a path a visitor would ask for. */
static void add_keys(struct differ *d, const struct index *idx)
{
	struct index_site site;
	int is_new;

	index_site(idx, &site);
	for (uint32_t i = 0; i < site.key_count; i++) {
		struct slug_view key;
		struct index_page pg;
		uint32_t page;
		enum route_kind kind;
		const char *q;
		size_t n, qlen;

		if (index_key(idx, i, &key, &page, &kind) != 0 ||
		    index_page(idx, page, &pg) != 0)
			continue;
		if (kind == ROUTE_CANONICAL) {
			if (pg.url.len <= 3 * PATHNORM_MAX)
				hitmap_add(&d->paths, pg.url.ptr, pg.url.len, 0,
					   &is_new);
			continue;
		}
		q = memchr(key.ptr, '?', key.len);
		qlen = q ? key.len - (size_t)(q - key.ptr) : 0;
		n = path_encode(key.ptr, key.len - qlen, d->buf,
				3 * PATHNORM_MAX + 1);
		/* path_encode gives the length it needs: a key no request
		 * can spell (over the path or query limits) is left out */
		if (n > 3 * PATHNORM_MAX || qlen > ROUTE_QUERY_MAX + 1 ||
		    qlen > sizeof d->buf - n)
			continue;
		memcpy(d->buf + n, q ? q : "", qlen);
		hitmap_add(&d->paths, d->buf, n + qlen, 0, &is_new);
	}
}

/* add_log: every GET and HEAD target of one log, one hit per line. */
static int add_log(struct differ *d, const char *name)
{
	struct logread *lr = logread_open(name);
	struct accesslog_scratch *as = malloc(sizeof *as);
	struct access_request a;
	const char *line;
	size_t len;
	int st = -1, is_new;

	while (lr != NULL && as != NULL &&
	       (st = logread_next(lr, &line, &len)) > 0)
		if (st == 1 && accesslog_parse(line, len, as, &a) ==
		    ACCESSLOG_OK && accesslog_replayable(&a))
			hitmap_add(&d->paths, d->buf, accesslog_target(&a, d->buf),
				   1, &is_new);
	free(as);
	logread_close(lr);
	return st < 0 ? -1 : 0;
}

static void decide(struct differ *d, const struct diff_side *side,
		   const char *t, size_t n, struct answer *out)
{
	const char *q = memchr(t, '?', n);
	struct route_request rq = { "GET", { t, q ? (size_t)(q - t) : n },
				    { q ? q + 1 : "", q ? n - (size_t)(q - t) - 1
						      : 0 } };
	struct route rt;

	route_decide(side->idx, side->rules, &rq, &d->rs, &rt);
	out->code = http_statuses[rt.status].code;
	out->to[0] = '\0';
	if (rt.status == HTTP_OK && rt.has_page)
		snprintf(out->to, sizeof out->to, "%.*s", (int)rt.pg.url.len,
			 rt.pg.url.ptr);
	else if (answers(out->code) && rt.has_page)
		route_location(&rt, out->to, sizeof out->to);
}

static enum change compare(const struct answer *a, const struct answer *b)
{
	if (a->code == b->code && strcmp(a->to, b->to) == 0)
		return SAME;
	if (answers(a->code))
		return answers(b->code) ? MOVED : BROKEN;
	return answers(b->code) ? ADDED : CHANGED;
}

static void print_answer(const struct answer *a, FILE *out)
{
	fprintf(out, "%d%s%s", a->code, a->to[0] ? " " : "", a->to);
}

static void one_path(struct differ *d, const struct diff_side *old,
		     const struct diff_side *new, const struct hit *e,
		     int with_hits, FILE *out)
{
	const char *t = hitmap_text(&d->paths, e);
	enum change c;

	decide(d, old, t, e->len, &d->a);
	decide(d, new, t, e->len, &d->b);
	c = compare(&d->a, &d->b);
	d->count[c]++;
	if (c == SAME)
		return;
	fprintf(out, "%s\t", change_names[c]);
	accesslog_print(out, t, e->len);
	fputc('\t', out);
	print_answer(&d->a, out);
	fputc('\t', out);
	print_answer(&d->b, out);
	if (with_hits)
		fprintf(out, "\t%llu", (unsigned long long)e->hits);
	fputc('\n', out);
}

int diff_run(const struct diff_side *old, const struct diff_side *new,
	     char **logs, int nlogs, FILE *out)
{
	struct differ *d = calloc(1, sizeof *d);
	uint32_t *order = NULL;
	int rc = 0;

	if (d == NULL)
		goto oom;
	add_keys(d, old->idx);
	add_keys(d, new->idx);
	for (int i = 0; i < nlogs; i++)
		if (add_log(d, logs[i]) < 0)
			rc = 2;
	if (d->paths.failed || (order = hitmap_sorted(&d->paths)) == NULL)
		goto oom;
	for (uint32_t i = 0; i < d->paths.count; i++)
		one_path(d, old, new, &d->paths.hits[order[i]], nlogs > 0, out);
	fprintf(stderr, "slugindex diff: %u paths: %llu the same, %llu broken "
		"(answered, now do not), %llu added, %llu moved, %llu "
		"changed\n", d->paths.count, d->count[SAME], d->count[BROKEN],
		d->count[ADDED], d->count[MOVED], d->count[CHANGED]);
	if (rc == 0 && d->count[BROKEN] > 0)
		rc = 1;
	free(order);
	hitmap_free(&d->paths);
	free(d);
	return rc;
oom:
	fputs("slugindex diff: out of memory\n", stderr);
	if (d != NULL)
		hitmap_free(&d->paths);
	free(d);
	return 2;
}
