/* precompress.c: gzip (zlib, level 9, memLevel 9) and brotli (quality 11,
 * window 2^22, text mode) encodings of a whole page (see precompress.h). */
#include <brotli/encode.h>
#include <zlib.h>

#include "precompress.h"

/* gzip into dst[0..*cap); returns 0 with *cap set to the length, or -1
 * when it does not fit or zlib fails. */
static int gzip_into(const char *in, size_t n, unsigned char *dst,
		     size_t *cap)
{
	z_stream z = {0};
	int rc;

	if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)n;
	z.next_out = dst;
	z.avail_out = (uInt)*cap;
	rc = deflate(&z, Z_FINISH);
	*cap = z.total_out;
	deflateEnd(&z);
	return rc == Z_STREAM_END ? 0 : -1;
}

/* The smallest brotli window that holds the whole page: a window larger
 * than the input compresses no better, and quality 11 sets up (and
 * clears) memory in proportion to it, most of the time for small pages. */
static int br_window(size_t n)
{
	int w = BROTLI_MIN_WINDOW_BITS;

	while (w < BROTLI_MAX_WINDOW_BITS && ((size_t)1 << w) - 16 < n)
		w++;
	return w;
}

size_t precompress(enum content_enc enc, const char *in, size_t n,
		   struct buf *out)
{
	size_t cap = n > 0 ? n - 1 : 0, at = out->len;
	int rc;

	/* zlib counts in uInt; a page of 4 GiB stays identity */
	if (cap == 0 || n > 0xFFFFFFFFu || buf_reserve(out, cap) < 0)
		return 0;
	unsigned char *dst = (unsigned char *)out->data + at;

	if (enc == ENC_GZIP)
		rc = gzip_into(in, n, dst, &cap);
	else if (enc == ENC_BR)
		rc = BrotliEncoderCompress(BROTLI_MAX_QUALITY, br_window(n),
					   BROTLI_MODE_TEXT, n,
					   (const uint8_t *)in, &cap, dst)
			     ? 0 : -1;
	else
		rc = -1;
	if (rc < 0 || cap >= n)
		return 0;
	out->len = at + cap;
	return cap;
}
