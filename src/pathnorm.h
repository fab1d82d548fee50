/* pathnorm.h: the one path normaliser shared by slugindex (index keys) and
 * slugserve (request paths), so that the two can never disagree.
 *
 * A raw path is what a client sends: percent-encoded, before any '?'.
 * Its normal form, the index key, is decoded UTF-8 with:
 *   - every %XX decoded (hex digits of either case); a bad or truncated
 *     escape, a decoded NUL or control byte (0x00-0x1f, 0x7f), or bytes that
 *     are not valid UTF-8 (overlong forms, surrogates, > U+10FFFF) are refused;
 *   - runs of '/' folded to one; dot segments removed as RFC 3986 5.2.4 says
 *     (after decoding, so %2e%2e is ".."), never rising above the root;
 *   - the trailing '/' dropped, except for the root "/" itself.
 * See docs/paths.md. */
#ifndef SLUG_PATHNORM_H
#define SLUG_PATHNORM_H

#include <stddef.h>

/* Longest raw path accepted, in bytes; longer is PATHNORM_TOO_LONG (414). */
#define PATHNORM_MAX 8192

enum pathnorm_status {
	PATHNORM_OK,
	PATHNORM_EMPTY,		/* empty or does not start with '/' */
	PATHNORM_BAD_ESCAPE,	/* '%' not followed by two hex digits */
	PATHNORM_BAD_BYTE,	/* NUL or another control byte, raw or decoded */
	PATHNORM_BAD_UTF8,	/* decoded bytes are not valid UTF-8 */
	PATHNORM_TOO_LONG,	/* raw path longer than PATHNORM_MAX */
	PATHNORM__MAX
};

/* Short English reason for a status, for logs and error pages; a value out
 * of range gets "unknown path status". */
const char *pathnorm_strerror(enum pathnorm_status st);

/* path_normalize: write the normal form of in[0..len) to out, NUL-terminated.
 * out must hold at least len + 1 bytes (the normal form is never longer than
 * the raw path, and "/" for an empty result); as len is checked against
 * PATHNORM_MAX before anything else, PATHNORM_MAX + 1 bytes always do.
 * On success *outlen is its length. On failure out is "" and *outlen is 0.
 * The first raw byte must be '/' (a leading "%2F" is PATHNORM_EMPTY); '\' is
 * an ordinary byte; the first fault from the left decides the status.
 * One pass, no allocation, nothing read past in[len - 1].
 * A key is not a raw path ("/%2541" gives "/%41", which would give "/A"):
 * to normalise a key again, path_encode it first. */
enum pathnorm_status path_normalize(const char *in, size_t len, char *out,
				    size_t *outlen);

/* path_encode: write the URL form of a normalised (decoded) path to out:
 * bytes outside RFC 3986 pchar + '/' (and '%' itself, non-ASCII, space,
 * quotes, '<', '>', '\', '^', '`', '{', '|', '}', '?', '#') become %XX with
 * upper-case hex. Returns the length it needs (excluding the NUL); writes at
 * most cap bytes including a NUL, so call with cap = 3 * len + 1 to be sure.
 * Like snprintf, a short out gets a prefix (never half an escape) and a NUL;
 * with cap 0 nothing is written and out may be NULL.
 * For every key k, path_normalize(path_encode(k)) gives k back. */
size_t path_encode(const char *in, size_t len, char *out, size_t cap);

/* query_encode: the same for a query string going into a Location header:
 * '?' and an escape already made (%XX) are kept too, every other byte
 * outside that set (CR, LF, NUL, space, quotes, non-ASCII) becomes %XX, so
 * that no byte of the request can split a header. Same contract as
 * path_encode. */
size_t query_encode(const char *in, size_t len, char *out, size_t cap);

#endif
