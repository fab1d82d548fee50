/* accept_enc.h: the content codings a page is stored in, and the choice
 * among them from a request's Accept-Encoding (RFC 9110 12.5.3). */
#ifndef SLUG_ACCEPT_ENC_H
#define SLUG_ACCEPT_ENC_H

#include <stddef.h>

/* The stored encodings of a page; identity is always there. */
enum content_enc {
	ENC_IDENTITY,
	ENC_GZIP,
	ENC_BR,
	ENC__MAX
};

/* Content-Encoding token of each (NULL for identity) and the suffix that
 * makes each variant's ETag distinct ("" for identity). */
extern const char *const content_enc_names[ENC__MAX];
extern const char *const content_enc_etag_suffix[ENC__MAX];

/* accept_enc_choose: the encoding to send, among those whose bit
 * (1u << enc) is set in avail (identity is always assumed available),
 * for the Accept-Encoding value hdr (len bytes), or hdr == NULL when the
 * request has none.
 *   - No header: identity (any coding would be acceptable; identity is
 *     what every client and cache understands).
 *   - The coding with the highest q-value wins; "*" gives its q to every
 *     coding not named; a tie goes to the smaller stored form (br, then
 *     gzip, then identity). "x-gzip" is gzip. Names are case-insensitive.
 *   - identity is acceptable unless "identity;q=0", or "*;q=0" without an
 *     entry for identity, says otherwise; when nothing stored is
 *     acceptable, identity is sent anyway (RFC 9110 12.5.1 lets a server
 *     disregard the header rather than answer 406).
 *   - A malformed header (a bad token, a bad q-value) counts as absent:
 *     identity.
 * Allocates nothing; reads only hdr[0..len). */
enum content_enc accept_enc_choose(const char *hdr, size_t len,
				   unsigned avail);

#endif
