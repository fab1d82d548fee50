/* index-open-bench.c: what reading the index into memory costs against
 * mapping it, in the same run: index_open (mmap) and index_open_copy
 * (read) of one file, each verify level, best of R rounds of N opens.
 * Usage: index-open-bench INDEX [N [R]]. Prints the time per open and
 * the ratio copy/mmap. Built on request: make bench/index-open-bench. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "index.h"

typedef enum index_err (*open_fn)(const char *, enum index_verify,
				  struct index **);

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* best: the fastest round, in microseconds per open; -1 on a failure. */
static double best(open_fn fn, const char *path, enum index_verify v, int n,
		   int rounds)
{
	double min = -1;

	for (int r = 0; r < rounds; r++) {
		double t0 = now(), us;

		for (int i = 0; i < n; i++) {
			struct index *idx;

			if (fn(path, v, &idx) != INDEX_OK)
				return -1;
			index_close(idx);
		}
		us = (now() - t0) * 1e6 / n;
		if (min < 0 || us < min)
			min = us;
	}
	return min;
}

int main(int argc, char **argv)
{
	static const char *const names[] = { "lazy", "meta", "full" };
	int n = argc > 2 ? atoi(argv[2]) : 200;
	int rounds = argc > 3 ? atoi(argv[3]) : 5;

	if (argc < 2 || n < 1 || rounds < 1) {
		fprintf(stderr, "usage: index-open-bench INDEX [N [R]]\n");
		return 2;
	}
	for (int v = INDEX_VERIFY_LAZY; v <= INDEX_VERIFY_FULL; v++) {
		double m = best(index_open, argv[1], v, n, rounds);
		double c = best(index_open_copy, argv[1], v, n, rounds);

		if (m < 0 || c < 0) {
			fprintf(stderr, "index-open-bench: %s does not open\n",
				argv[1]);
			return 1;
		}
		printf("%s: mmap %.1f us, copy %.1f us, ratio %.2f\n",
		       names[v], m, c, c / m);
	}
	return 0;
}
