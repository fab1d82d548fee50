/* replay.h: slugindex replay: web-server access logs answered through the
 * routing decision (route.h), as the server would answer them now. */
#ifndef SLUG_REPLAY_H
#define SLUG_REPLAY_H

#include <stdio.h>

#include "index.h"

struct ruleset;

struct replay_opts {
	int tsv;		/* one line per distinct target, for machines */
	unsigned long top;	/* 404s listed (0: all) */
};

/* replay_run: read logs[0..nlogs) ("-" or none: standard input), print the
 * report on out (the summary on stderr with tsv). Returns 0, or 1 when a
 * log could not be read (the report covers what was). */
int replay_run(const struct index *idx, struct ruleset *rules,
	       char **logs, int nlogs, const struct replay_opts *o, FILE *out);

#endif
