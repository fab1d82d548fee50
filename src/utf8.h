/* utf8.h: UTF-8 validation (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF), for content files and index strings. */
#ifndef SLUG_UTF8_H
#define SLUG_UTF8_H

#include <stddef.h>

/* utf8_valid_len: the length of the longest valid UTF-8 prefix of s[0..n);
 * equal to n when the whole buffer is valid. */
size_t utf8_valid_len(const char *s, size_t n);

#endif
