/* bench/rules-bench.c: the cost of legacy rule matching for a path the
 * index does not know: ruleset_match() over every rule of an index, timed
 * in a loop (CLOCK_MONOTONIC) and meant to be run under callgrind too.
 * Usage: rules-bench INDEX PATH [ITERATIONS]. Not a test: see
 * bench/rules-bench.sh, which builds an index with 20 rules first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "index.h"
#include "rules.h"

int main(int argc, char **argv)
{
	struct index *idx;
	struct ruleset *rs;
	struct timespec a, b;
	enum rule_action action;
	char out[8192];
	size_t outlen, len;
	long n = argc > 3 ? strtol(argv[3], NULL, 10) : 1000000, hits = 0;
	double ns;

	if (argc < 3 || n <= 0) {
		fprintf(stderr, "usage: rules-bench INDEX PATH [ITERATIONS]\n");
		return 2;
	}
	if (index_open(argv[1], INDEX_VERIFY_FULL, &idx) != INDEX_OK ||
	    (rs = ruleset_new(idx)) == NULL) {
		fprintf(stderr, "rules-bench: cannot open %s\n", argv[1]);
		return 1;
	}
	len = strlen(argv[2]);
	/* the first match compiles the rules: keep it out of the timing */
	hits += ruleset_match(rs, argv[2], len, "", 0, &action, NULL, out, sizeof out,
			      &outlen);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++)
		hits += ruleset_match(rs, argv[2], len, "", 0, &action, NULL, out,
				      sizeof out, &outlen);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ns = ((double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec)) / (double)n;
	printf("%s: %.0f ns per match over %ld iterations (%s)\n", argv[2], ns, n,
	       hits ? "matched" : "no rule matched");
	ruleset_free(rs);
	index_close(idx);
	return 0;
}
