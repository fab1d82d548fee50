/* precompress.h: the gzip and brotli encodings slugindex stores beside
 * each rendered page (maximum compression: it is paid once per build, and
 * slugserve only sends the stored bytes). */
#ifndef SLUG_PRECOMPRESS_H
#define SLUG_PRECOMPRESS_H

#include <stddef.h>

#include "accept_enc.h"
#include "buf.h"

/* precompress: append to out the encoding enc (ENC_GZIP or ENC_BR) of
 * in[0..n) when it is shorter than n. Returns its length, or 0 when it
 * would not be shorter, or when the encoder failed (out is then as it was;
 * the page is served in identity only). The bytes depend on the input
 * alone (gzip: no name, mtime 0), so a build is reproducible. */
size_t precompress(enum content_enc enc, const char *in, size_t n,
		   struct buf *out);

#endif
