/* suggest.h: "did you mean": the known name closest to a misspelt one, by
 * edit distance (insertions, deletions, substitutions and swaps of two
 * neighbours each count 1). */
#ifndef SLUG_SUGGEST_H
#define SLUG_SUGGEST_H

#include <stddef.h>

/* suggest_distance: the edit distance between a and b, or SIZE_MAX when
 * either is longer than SUGGEST_MAX_LEN (no one misspells such a name). */
#define SUGGEST_MAX_LEN 64
size_t suggest_distance(const char *a, const char *b);

/* suggest_closest: of names[0..n), the one closest to word when it is
 * close enough to be a slip (distance at most 2, and less than half of
 * word's length), else NULL. Ties go to the first in names. */
const char *suggest_closest(const char *word, const char *const *names,
			    size_t n);

#endif
