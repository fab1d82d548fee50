/* htmllinks.h: the href and src attributes of an HTML text, found by a
 * tokenizer that follows HTML's own syntax (comments, <!...> and <?...>
 * declarations, end tags, quoted and unquoted attribute values, the raw
 * text of script, style, textarea and title), not a pattern over the file,
 * so that a URL in a comment, a script or the text is not taken for a
 * link. Values are given with their character references decoded. */
#ifndef SLUG_HTMLLINKS_H
#define SLUG_HTMLLINKS_H

#include <stddef.h>

/* Longest value given whole; a longer one is cut to this (links are far
 * shorter). */
#define HTMLLINKS_VALUE_MAX 8192

/* One link: value[0..len) decoded; at is the offset in the text of the
 * value's first byte (after its quote); attr is "href" or "src". */
typedef void (*htmllink_fn)(void *ctx, const char *value, size_t len,
			    size_t at, const char *attr);

void html_links(const char *text, size_t len, htmllink_fn fn, void *ctx);

#endif
