/* import_words.h: the words of a server config line, for the Apache and
 * nginx importers: split at blanks, "double" and 'single' quoted words
 * kept whole (quotes dropped; a backslash before the quote or another
 * backslash escapes it, any other stays, as Apache and nginx read them), a '#'
 * outside quotes starting a comment. */
#ifndef SLUG_IMPORT_WORDS_H
#define SLUG_IMPORT_WORDS_H

#include <stddef.h>

#define WORDS_MAX 16

struct words {
	char *w[WORDS_MAX];
	unsigned long line[WORDS_MAX];	/* where each word starts */
	int n;
	char stop;		/* the byte of stop that ended them, or 0 */
	int truncated;		/* a word or a byte did not fit: the caller
				   must not read these words as the line */
	char text[8192];	/* the words, NUL-separated */
};

/* words_split: the words of s[0..len) (a line, or nginx's whole text up
 * to stop, when stop is not "": one of its bytes ends a statement, and is
 * given in w->stop). *used is how many bytes were read; line counts the
 * line breaks passed. Returns the number of words (0: blank or comment).
 * Words past WORDS_MAX or beyond the text space set w->truncated. */
int words_split(struct words *w, const char *s, size_t len, const char *stop,
		size_t *used, unsigned long *line);

#endif
