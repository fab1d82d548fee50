/* replay.c: slugindex replay (see replay.h and slugindex(1)). Each line's
 * request target is counted in a hitmap; the routing decision is taken
 * once per distinct target, when it is first seen, and kept beside it, so
 * a line costs a parse and a hash probe. Targets past the hitmap's limit
 * are decided line by line and counted in the totals only. */
#include <stdlib.h>
#include <string.h>

#include "accesslog.h"
#include "hitmap.h"
#include "logread.h"
#include "nearpath.h"
#include "replay.h"
#include "route.h"

#define SHOW_UNPARSED 5

/* What the totals are split by. */
enum answer { ANS_200, ANS_REDIRECT, ANS_404, ANS_410, ANS_OTHER, ANS__MAX };

static const char *const answer_names[ANS__MAX] = {
	"answered 200", "redirected", "404", "410", "other (400, 414, 5xx)",
};

struct replay {
	const struct index *idx;
	struct ruleset *rules;
	struct route_scratch *rs;
	struct accesslog_scratch as;
	struct hitmap targets;
	char target[ACCESSLOG_TARGET_MAX + 1];
	unsigned long long lines, requests, other_methods, no_request;
	unsigned long long unparsed, unranked, hits[ANS__MAX];
	unsigned shown;
};

static enum answer answer_of(int code)
{
	if (code == 200)
		return ANS_200;
	if (code >= 300 && code < 400)
		return ANS_REDIRECT;
	return code == 404 ? ANS_404 : code == 410 ? ANS_410 : ANS_OTHER;
}

static void decide(struct replay *r, const char *t, size_t n,
		   struct route *rt)
{
	const char *q = memchr(t, '?', n);
	struct route_request rq = { "GET", { t, q ? (size_t)(q - t) : n },
				    { "", 0 } };

	if (q != NULL)
		rq.query = (struct slug_view){ q + 1, n - rq.path.len - 1 };
	route_decide(r->idx, r->rules, &rq, r->rs, rt);
}

static void unparsed(struct replay *r, const char *name, unsigned long ln,
		     const char *line, size_t len)
{
	r->unparsed++;
	if (r->shown++ >= SHOW_UNPARSED)
		return;
	fprintf(stderr, "slugindex replay: %s:%lu: not an access log line: ",
		name, ln);
	accesslog_print(stderr, line, len > 120 ? 120 : len);
	fputs(len > 120 ? "...\n" : "\n", stderr);
}

/* one_line: count line (of log name) into r. */
static void one_line(struct replay *r, const char *name, unsigned long ln,
		     const char *line, size_t len)
{
	struct access_request a;
	struct hit *e;
	size_t n;
	int is_new;

	r->lines++;
	switch (accesslog_parse(line, len, &r->as, &a)) {
	case ACCESSLOG_MALFORMED:
		unparsed(r, name, ln, line, len);
		return;
	case ACCESSLOG_NO_REQUEST:
		r->no_request++;
		return;
	case ACCESSLOG_OK:
		break;
	}
	if (!accesslog_replayable(&a)) {
		r->other_methods++;
		return;
	}
	r->requests++;
	n = accesslog_target(&a, r->target);
	e = hitmap_add(&r->targets, r->target, n, 1, &is_new);
	if (e == NULL || is_new) {
		struct route rt;

		decide(r, r->target, n, &rt);
		if (e == NULL) {
			r->unranked++;
			r->hits[answer_of(http_statuses[rt.status].code)]++;
			return;
		}
		e->status = (uint16_t)http_statuses[rt.status].code;
	}
	r->hits[answer_of(e->status)]++;
}

/* read_log: every line of one log; -1 when it could not be read whole. */
static int read_log(struct replay *r, const char *name)
{
	struct logread *lr = logread_open(name);
	const char *line;
	size_t len;
	int st;

	if (lr == NULL)
		return -1;
	if (strcmp(name, "-") == 0)
		name = "standard input";
	while ((st = logread_next(lr, &line, &len)) > 0) {
		if (st == 2) {
			r->lines++;
			unparsed(r, name, logread_lineno(lr), "(line too long)",
				 15);
		} else
			one_line(r, name, logread_lineno(lr), line, len);
	}
	logread_close(lr);
	return st < 0 ? -1 : 0;
}

static double share(unsigned long long n, unsigned long long total)
{
	return total ? 100.0 * (double)n / (double)total : 0.0;
}

static void summary(const struct replay *r, FILE *out)
{
	fprintf(out, "slugindex replay: %llu lines: %llu GET and HEAD requests "
		"to %u distinct targets; %llu other methods, %llu without a "
		"request, %llu not parsed\n", r->lines, r->requests,
		r->targets.count, r->other_methods, r->no_request, r->unparsed);
	for (int a = 0; a < ANS__MAX; a++)
		fprintf(out, "  %-22s %10llu %6.1f%%\n", answer_names[a],
			r->hits[a], share(r->hits[a], r->requests));
	if (r->unranked > 0)
		fprintf(out, "  (%llu requests to targets past the limit of %u "
			"distinct ones are in the totals, not in the lists)\n",
			r->unranked, r->targets.count);
}

/* print_how: route.h's word, "rule N" for a rule. */
static void print_how(const struct route *rt, FILE *out)
{
	if (rt->how == HOW_RULE)
		fprintf(out, "rule %u", rt->rule);
	else
		fputs(route_how_names[rt->how], out);
}

/* print_target: hits, status, target, where it goes, how, suggestion. */
static void print_tsv(struct replay *r, struct nearpath *np,
		      const struct hit *e, FILE *out)
{
	const char *t = hitmap_text(&r->targets, e), *why = NULL, *near = NULL;
	size_t n = e->len, nl = 0;
	struct route rt;
	char loc[3 * PATHNORM_MAX + 3 * ROUTE_QUERY_MAX + 2];

	decide(r, t, n, &rt);
	loc[0] = '\0';
	if (rt.status == HTTP_OK && rt.has_page)
		snprintf(loc, sizeof loc, "%.*s", (int)rt.pg.url.len,
			 rt.pg.url.ptr);
	else if (rt.has_page && rt.status != HTTP_NOT_FOUND)
		route_location(&rt, loc, sizeof loc);
	if (e->status == 404) {
		const char *q = memchr(t, '?', n);

		near = nearpath_find(np, t, q ? (size_t)(q - t) : n, &nl, &why);
	}
	fprintf(out, "%llu\t%u\t", (unsigned long long)e->hits, e->status);
	accesslog_print(out, t, n);
	fprintf(out, "\t%s\t", loc);
	print_how(&rt, out);
	fprintf(out, "\t%.*s%s%s%s\n", (int)nl, near ? near : "",
		near ? " (" : "", near ? why : "", near ? ")" : "");
}

static void print_404s(struct replay *r, struct nearpath *np,
		       const uint32_t *order, unsigned long top, FILE *out)
{
	unsigned long n404 = 0, shown = 0;

	for (uint32_t i = 0; i < r->targets.count; i++)
		n404 += r->targets.hits[i].status == 404;
	if (n404 == 0) {
		fputs("no target would 404\n", out);
		return;
	}
	fprintf(out, "would 404, most requested first (%lu of %lu distinct "
		"targets):\n", top && top < n404 ? top : n404, n404);
	for (uint32_t i = 0; i < r->targets.count; i++) {
		const struct hit *e = &r->targets.hits[order[i]];
		const char *t = hitmap_text(&r->targets, e), *q, *why, *near;
		size_t nl;

		if (e->status != 404)
			continue;
		if (top && shown++ >= top)
			break;
		q = memchr(t, '?', e->len);
		near = nearpath_find(np, t, q ? (size_t)(q - t) : e->len, &nl,
				     &why);
		fprintf(out, "%10llu  ", (unsigned long long)e->hits);
		accesslog_print(out, t, e->len);
		if (near)
			fprintf(out, "  -> %.*s (%s)", (int)nl, near, why);
		fputc('\n', out);
	}
}

static int report(struct replay *r, const struct replay_opts *o, FILE *out)
{
	struct nearpath np = { r->idx, {0}, 0 };
	uint32_t *order = hitmap_sorted(&r->targets);

	summary(r, o->tsv ? stderr : out);	/* the totals are whole */
	if (order == NULL || r->targets.failed) {
		fputs("slugindex replay: out of memory: the lists of targets "
		      "are left out\n", stderr);
		free(order);
		return -1;
	}
	if (o->tsv)
		for (uint32_t i = 0; i < r->targets.count; i++)
			print_tsv(r, &np, &r->targets.hits[order[i]], out);
	else
		print_404s(r, &np, order, o->top, out);
	nearpath_free(&np);
	free(order);
	return 0;
}

int replay_run(const struct index *idx, struct ruleset *rules,
	       char **logs, int nlogs, const struct replay_opts *o, FILE *out)
{
	struct replay *r = calloc(1, sizeof *r);
	int rc = 0;

	if (r == NULL || (r->rs = malloc(sizeof *r->rs)) == NULL) {
		fputs("slugindex replay: out of memory\n", stderr);
		free(r);
		return 1;
	}
	r->idx = idx;
	r->rules = rules;
	if (nlogs == 0 && read_log(r, "-") < 0)
		rc = 1;
	for (int i = 0; i < nlogs; i++)
		if (read_log(r, logs[i]) < 0)
			rc = 1;
	if (report(r, o, out) < 0)
		rc = 1;
	hitmap_free(&r->targets);
	free(r->rs);
	free(r);
	return rc;
}
