/* diff.h: slugindex diff: what a new index changes for every path either
 * index knows (and every path a log asked for), through the routing
 * decision (route.h) of each. */
#ifndef SLUG_DIFF_H
#define SLUG_DIFF_H

#include <stdio.h>

#include "index.h"

struct ruleset;

struct diff_side {
	const struct index *idx;
	struct ruleset *rules;
};

/* diff_run: print one line per path whose answer changes, then a summary
 * on stderr. logs (nlogs of them) add their GET and HEAD targets and rank
 * the changes by hits. Returns 0 when every path that answered (200 or a
 * redirect) still does, 1 when one no longer does, 2 on a read error. */
int diff_run(const struct diff_side *old, const struct diff_side *new,
	     char **logs, int nlogs, FILE *out);

#endif
