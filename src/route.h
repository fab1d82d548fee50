/* route.h: the routing decision, apart from writing the response: a
 * method, a raw request path and a query in; the outcome out (status, the
 * page, the Location's parts, how the answer was found). slugserve writes
 * the outcome as HTTP (respond.c); slugindex lookup and replay print it,
 * so the tools answer exactly as the server does. */
#ifndef SLUG_ROUTE_H
#define SLUG_ROUTE_H

#include "http.h"
#include "index.h"
#include "pathnorm.h"

/* Longest query string kept for a redirect; a longer one is 414. */
#define ROUTE_QUERY_MAX 4096

/* How an answer was found: the last column of slugindex lookup. */
enum route_how {
	HOW_PAGE,	/* a page at its own canonical path */
	HOW_ALIAS,	/* an alias from front matter (or a feed's /feed/) */
	HOW_SPELLING,	/* another spelling of a canonical path: 301 */
	HOW_RULE,	/* a legacy rule (route.rule tells which) */
	HOW_ARCHIVE,	/* a date archive slugindex generated */
	HOW_FEED,	/* a feed or the sitemap */
	HOW_GONE,	/* 410, by a rule */
	HOW_NONE,	/* nothing answers: 404, or the request was refused */
	HOW__MAX
};

extern const char *const route_how_names[HOW__MAX];

struct route_request {
	const char *method;	/* NULL when the gateway sent none */
	struct slug_view path;	/* raw: percent-encoded, as sent */
	struct slug_view query;	/* raw, without the '?'; may be empty */
};

struct route {
	enum http_status status;	/* never 304: conditions are the writer's */
	enum route_how how;
	unsigned rule;		/* HOW_RULE, HOW_GONE: its number, from 1 */
	uint32_t page;		/* 200, redirect target, or the 404 page */
	struct index_page pg;	/* page's record, when has_page */
	int has_page;
	int canonical_link;	/* a 200 away from the page's own path */
	int missing_method;	/* 400 because REQUEST_METHOD was absent */
	enum pathnorm_status path_error; /* 400, 414: why the path was refused */
	struct slug_view query;	/* a redirect's query (raw; empty: none) */
};

/* Working space of one decision, on the caller's stack (about 33 KiB). */
struct route_scratch {
	char key[PATHNORM_MAX + 1];		/* normal form of the path */
	char subject[PATHNORM_MAX + ROUTE_QUERY_MAX + 2]; /* key?query */
	char target[PATHNORM_MAX + 1];		/* a rule's target, expanded */
	char tkey[PATHNORM_MAX + 1];		/* its normal form */
};

struct ruleset;

/* route_decide: what idx (NULL: no usable index, 503) answers to rq,
 * trying rules (NULL: none) for paths it does not know. Fills *out; its
 * views point into idx and rq. Allocates nothing. */
void route_decide(const struct index *idx, struct ruleset *rules,
		  const struct route_request *rq, struct route_scratch *s,
		  struct route *out);

/* route_location: the Location of a redirect, as sent (the page's URL, then
 * '?' and the query re-encoded by query_encode); returns its length, and
 * writes at most cap bytes with a NUL like snprintf. cap of
 * PATHNORM_MAX * 3 + 3 * ROUTE_QUERY_MAX + 2 is always enough. */
size_t route_location(const struct route *rt, char *out, size_t cap);

#endif
