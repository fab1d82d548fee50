/* suggest.c: edit distance and the closest known name (see suggest.h). The
 * distance is the "optimal string alignment" one: Levenshtein plus the swap
 * of two neighbours, so that "base_ulr" is one slip from "base_url". */
#include <stdint.h>
#include <string.h>

#include "suggest.h"

size_t suggest_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	/* three rows of the dynamic-programming table: i-2, i-1 and i */
	size_t rows[3][SUGGEST_MAX_LEN + 1];
	size_t *p2 = rows[0], *p = rows[1], *r = rows[2], *t;

	if (la > SUGGEST_MAX_LEN || lb > SUGGEST_MAX_LEN)
		return SIZE_MAX;
	for (size_t j = 0; j <= lb; j++)
		p[j] = j;
	for (size_t i = 1; i <= la; i++) {
		r[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t v = p[j - 1] + (a[i - 1] != b[j - 1]);

			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (r[j - 1] + 1 < v)
				v = r[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && p2[j - 2] + 1 < v)
				v = p2[j - 2] + 1;
			r[j] = v;
		}
		t = p2, p2 = p, p = r, r = t;
	}
	return p[lb];
}

const char *suggest_closest(const char *word, const char *const *names,
			    size_t n)
{
	const char *best = NULL;
	size_t best_d = SIZE_MAX, len = strlen(word);

	for (size_t i = 0; i < n; i++) {
		size_t d = suggest_distance(word, names[i]);

		if (d < best_d) {
			best_d = d;
			best = names[i];
		}
	}
	return best != NULL && best_d <= 2 && 2 * best_d < len ? best : NULL;
}
