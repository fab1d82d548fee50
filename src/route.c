/* route.c: the routing decision (see route.h): method and path checks,
 * the index lookup, the site's alias mode, and the legacy rules for paths
 * the index does not know. Decisions (also in docs/slugserve.8):
 *   - no index: 503 to every request, before anything else is looked at;
 *   - REQUEST_METHOD missing or empty: 400 (RFC 3875 makes it mandatory,
 *     so the gateway is broken, not the client's choice of method);
 *     any method but GET and HEAD: 405;
 *   - a key that holds a query ("/?p=412") is tried first, with the query
 *     as sent; when found, the query was the address and is not repeated;
 *   - a rule's target is looked up once, never through the rules again
 *     (one hop, no loop); a target that names no page is a 404. */
#include <string.h>

#include "route.h"
#include "rules.h"

const char *const route_how_names[HOW__MAX] = {
	[HOW_PAGE] = "page",	   [HOW_ALIAS] = "alias",
	[HOW_SPELLING] = "spelling", [HOW_RULE] = "rule",
	[HOW_ARCHIVE] = "archive",  [HOW_FEED] = "feed",
	[HOW_GONE] = "gone",	   [HOW_NONE] = "none",
};

/* What a rule's action answers. */
static const enum http_status rule_status[RULE__MAX] = {
	[RULE_SERVE] = HTTP_OK,
	[RULE_301] = HTTP_MOVED_PERMANENTLY,
	[RULE_302] = HTTP_FOUND,
	[RULE_307] = HTTP_TEMPORARY_REDIRECT,
	[RULE_308] = HTTP_PERMANENT_REDIRECT,
	[RULE_410] = HTTP_GONE,
};

/* What an alias answers, by the site's alias mode. */
static const enum http_status alias_status[ALIAS__MAX] = {
	[ALIAS_SERVE] = HTTP_OK,
	[ALIAS_301] = HTTP_MOVED_PERMANENTLY,
	[ALIAS_308] = HTTP_PERMANENT_REDIRECT,
};

static void answer(struct route *out, enum http_status st, enum route_how how)
{
	out->status = st;
	out->how = how;
}

/* with_page: page pno answers; a record that does not read is a 500. */
static int with_page(const struct index *idx, uint32_t pno, struct route *out)
{
	if (index_page(idx, pno, &out->pg) != 0) {
		answer(out, HTTP_INTERNAL_ERROR, HOW_NONE);
		return -1;
	}
	out->page = pno;
	out->has_page = 1;
	return 0;
}

static void not_found(const struct index *idx, struct route *out,
		      enum route_how how)
{
	if (with_page(idx, index_notfound_page(idx), out) == 0)
		answer(out, HTTP_NOT_FOUND, how);
}

/* by_rule: a path the index does not know; the first matching rule
 * decides. */
static void by_rule(const struct index *idx, struct ruleset *rules,
		    struct route_scratch *s, size_t keylen, struct route *out)
{
	enum rule_action action;
	enum route_kind kind;
	unsigned which;
	uint32_t pno;
	size_t tlen, tkeylen, slen;

	slen = rules_subject(s->key, keylen, s->subject, sizeof s->subject);
	if (rules == NULL ||
	    !ruleset_match(rules, s->subject, slen, out->query.ptr,
			   out->query.len, &action, &which, s->target,
			   sizeof s->target, &tlen) ||
	    (unsigned)action >= RULE__MAX) {
		not_found(idx, out, HOW_NONE);
		return;
	}
	out->rule = which + 1;
	if (action == RULE_410) {
		answer(out, HTTP_GONE, HOW_GONE);
		return;
	}
	if (path_normalize(s->target, tlen, s->tkey, &tkeylen) != PATHNORM_OK ||
	    !index_lookup(idx, s->tkey, tkeylen, &pno, &kind)) {
		not_found(idx, out, HOW_RULE);
		return;
	}
	if (with_page(idx, pno, out) == 0) {
		answer(out, rule_status[action], HOW_RULE);
		out->canonical_link = action == RULE_SERVE;
	}
}

/* lookup_with_query: the key with the query as sent ("/?p=412"). */
static int lookup_with_query(const struct index *idx, struct route_scratch *s,
			     size_t keylen, struct route *out, uint32_t *pno,
			     enum route_kind *kind)
{
	size_t n = keylen + 1 + out->query.len;

	if (out->query.len == 0 || n >= sizeof s->subject)
		return 0;
	memcpy(s->subject, s->key, keylen);
	s->subject[keylen] = '?';
	memcpy(s->subject + keylen + 1, out->query.ptr, out->query.len);
	if (!index_lookup(idx, s->subject, n, pno, kind))
		return 0;
	out->query.len = 0;
	return 1;
}

/* by_key: the path (or path?query) is a key of the index. */
static void by_key(const struct index *idx, const struct route_request *rq,
		   uint32_t pno, enum route_kind kind, struct route *out)
{
	struct index_site site;
	enum http_status st;

	if (with_page(idx, pno, out) != 0)
		return;
	if (kind == ROUTE_CANONICAL) {
		if (rq->path.len != out->pg.url.len ||
		    memcmp(rq->path.ptr, out->pg.url.ptr, out->pg.url.len) != 0)
			answer(out, HTTP_MOVED_PERMANENTLY, HOW_SPELLING);
		else if (out->pg.raw)
			answer(out, HTTP_OK, HOW_FEED);
		else
			answer(out, HTTP_OK,
			       out->pg.generated ? HOW_ARCHIVE : HOW_PAGE);
		return;
	}
	index_site(idx, &site);
	if ((unsigned int)site.alias_mode >= ALIAS__MAX)
		site.alias_mode = ALIAS_SERVE;
	st = alias_status[site.alias_mode];
	answer(out, st, HOW_ALIAS);
	out->canonical_link = st == HTTP_OK;
}

static void by_path(const struct index *idx, struct ruleset *rules,
		    const struct route_request *rq, struct route_scratch *s,
		    struct route *out)
{
	enum pathnorm_status ps;
	enum route_kind kind;
	uint32_t pno;
	size_t keylen;

	if (rq->path.len > PATHNORM_MAX || rq->query.len > ROUTE_QUERY_MAX) {
		answer(out, HTTP_URI_TOO_LONG, HOW_NONE);
		return;
	}
	ps = path_normalize(rq->path.ptr, rq->path.len, s->key, &keylen);
	if (ps != PATHNORM_OK) {
		out->path_error = ps;
		answer(out, ps == PATHNORM_TOO_LONG ? HTTP_URI_TOO_LONG
						    : HTTP_BAD_REQUEST,
		       HOW_NONE);
		return;
	}
	if (lookup_with_query(idx, s, keylen, out, &pno, &kind) ||
	    index_lookup(idx, s->key, keylen, &pno, &kind))
		by_key(idx, rq, pno, kind, out);
	else
		by_rule(idx, rules, s, keylen, out);
}

void route_decide(const struct index *idx, struct ruleset *rules,
		  const struct route_request *rq, struct route_scratch *s,
		  struct route *out)
{
	const char *m = rq->method;

	memset(out, 0, sizeof *out);
	out->query = rq->query;
	answer(out, HTTP_OK, HOW_NONE);
	if (idx == NULL)
		answer(out, HTTP_UNAVAILABLE, HOW_NONE);
	else if (m == NULL || m[0] == '\0') {
		answer(out, HTTP_BAD_REQUEST, HOW_NONE);
		out->missing_method = 1;
	} else if (strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0)
		answer(out, HTTP_METHOD_NOT_ALLOWED, HOW_NONE);
	else
		by_path(idx, rules, rq, s, out);
}

size_t route_location(const struct route *rt, char *out, size_t cap)
{
	size_t n = rt->pg.url.len, need;

	if (cap > 0) {
		size_t k = n < cap - 1 ? n : cap - 1;

		memcpy(out, rt->pg.url.ptr, k);
		out[k] = '\0';
	}
	if (rt->query.len == 0)
		return n;
	if (n + 1 < cap) {
		out[n] = '?';
		out[n + 1] = '\0';
	}
	need = query_encode(rt->query.ptr, rt->query.len,
			    n + 1 < cap ? out + n + 1 : NULL,
			    n + 1 < cap ? cap - n - 1 : 0);
	return n + 1 + need;
}
