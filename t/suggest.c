/* t/suggest.c: unit tests for src/suggest.c (edit distance, "did you
 * mean"), a table of pairs and their distance, then suggestions. TAP. */
#include <stdint.h>

#include "tap.h"
#include "../src/suggest.h"

static const struct { const char *a, *b; size_t d; } dists[] = {
	{"", "", 0}, {"", "abc", 3}, {"abc", "", 3}, {"title", "title", 0},
	{"base_ulr", "base_url", 1},	/* a swap of neighbours is one slip */
	{"titel", "title", 1}, {"kitten", "sitting", 3}, {"lnag", "lang", 1},
	{"contnet", "content", 1}, {"ca", "abc", 3},	/* no edit twice */
	{"layuot", "layout", 1}, {"sitemaps", "sitemap", 1},
};

static const char *const keys[] = {"title", "base_url", "layout",
				   "alias_mode", "content", "rules"};

static const struct { const char *word, *want; } near[] = {
	{"titel", "title"}, {"base_ulr", "base_url"}, {"Title", "title"},
	{"rule", "rules"}, {"contents", "content"}, {"aliasmode", "alias_mode"},
	{"xy", NULL},		/* too short to tell */
	{"owner", NULL}, {"feeds_on", NULL},
};

int main(void)
{
	char longer[SUGGEST_MAX_LEN + 2];

	for (size_t i = 0; i < sizeof dists / sizeof dists[0]; i++) {
		size_t d = suggest_distance(dists[i].a, dists[i].b);

		ok(d == dists[i].d, "distance('%s', '%s') = %zu (got %zu)",
		   dists[i].a, dists[i].b, dists[i].d, d);
	}
	memset(longer, 'a', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	ok(suggest_distance(longer, "a") == SIZE_MAX,
	   "a name longer than SUGGEST_MAX_LEN is no one's slip");
	for (size_t i = 0; i < sizeof near / sizeof near[0]; i++) {
		const char *got = suggest_closest(near[i].word, keys, 6);

		ok(got == near[i].want || (got && near[i].want &&
					   strcmp(got, near[i].want) == 0),
		   "'%s' suggests %s (got %s)", near[i].word,
		   near[i].want ? near[i].want : "nothing", got ? got : "nothing");
	}
	return tap_done();
}
