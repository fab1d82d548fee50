/* rules.h: legacy URL rules: PCRE2 patterns matched against normalised
 * request paths that the index does not know, each with a target built
 * from the captures ($1, ${name}) and an action (serve, redirect, 410).
 *
 * slugindex checks every rule when it builds (rule_check). slugserve makes
 * an index's rule set once per index (ruleset_new) and compiles the rules
 * with the JIT at the first request that needs them (a CGI process that
 * finds its page never does); matching uses match data, a JIT stack and
 * limits allocated then, so that no request allocates and no pattern can
 * make a worker spin. */
#ifndef SLUG_RULES_H
#define SLUG_RULES_H

#include <stddef.h>

#include "index.h"

/* Limits applied to every match (see docs/rules.md). */
#define RULES_MATCH_LIMIT 100000	/* backtracking steps */
#define RULES_DEPTH_LIMIT 1000		/* nested backtracking */
#define RULES_SUBJECT_MAX 16384		/* path?query longer: no rule applies */

/* rule_check: compile pattern and check that target names only groups the
 * pattern has. Returns 0, or -1 with a message in why (with pcre2's offset
 * in the pattern, or in the target). */
int rule_check(const char *pattern, const char *target, char *why,
	       size_t whylen);

struct ruleset;

/* A rule by its parts (views that must outlive the rule set). */
struct rule_src {
	const char *pattern;
	size_t pattern_len;
	const char *target;
	size_t target_len;
	enum rule_action action;
	int with_query;
};

/* ruleset_new: the rule set of idx (which must outlive it). The rules are
 * compiled at the first match, not here, so that a CGI process that finds
 * its page in the index never pays for them. Returns NULL when memory runs
 * out. Free with ruleset_free(). */
struct ruleset *ruleset_new(const struct index *idx);
/* ruleset_new_list: the same over a list of n rules (slugindex check). */
struct ruleset *ruleset_new_list(const struct rule_src *list, unsigned n);

void ruleset_free(struct ruleset *rs);

/* rules_subject: the form of a normalised key that rules see: with a
 * trailing '/' (as pages and WordPress permalinks are written) unless its
 * last segment has a '.' (a file name) or it is the root. Writes it
 * NUL-terminated to out (cap >= keylen + 2); returns its length. */
size_t rules_subject(const char *key, size_t keylen, char *out, size_t cap);

/* ruleset_match: the first rule matching path (and query, for rules that
 * want it). On a match returns 1, sets *action (and *which, the rule's
 * number from 0, unless which is NULL) and writes the expanded
 * target (NUL-terminated) to out[0..cap), its length in *outlen; a target
 * that does not fit counts as no match. Returns 0 when no rule matches, or
 * a rule hit a limit. No allocation. */
int ruleset_match(struct ruleset *rs, const char *path, size_t len,
		  const char *query, size_t qlen, enum rule_action *action,
		  unsigned *which, char *out, size_t cap, size_t *outlen);

/* ruleset_match_rule: the same for rule n alone (for slugindex check). */
int ruleset_match_rule(struct ruleset *rs, unsigned n, const char *path,
		       size_t len, char *out, size_t cap, size_t *outlen);

#endif
