/* utf8.h: the one UTF-8 validator (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF), in two forms over one rule: a byte
 * at a time, for the path normaliser, which validates bytes as it decodes
 * them, and a whole buffer, for content files, configs and index strings. */
#ifndef SLUG_UTF8_H
#define SLUG_UTF8_H

#include <stddef.h>

/* Where a validation by utf8_step stands; zero it to start. */
struct utf8_state {
	unsigned char need;	/* continuation bytes still to come */
	unsigned char lo, hi;	/* the range of the next one */
};

/* utf8_step: feed one byte. Returns 0 when it cannot come next in valid
 * UTF-8 (the state is then unspecified). The input was valid when the
 * last byte left need at 0. */
int utf8_step(struct utf8_state *u, unsigned char c);

/* utf8_valid_len: the length of the longest valid UTF-8 prefix of s[0..n)
 * made of whole characters; equal to n when the whole buffer is valid. */
size_t utf8_valid_len(const char *s, size_t n);

#endif
