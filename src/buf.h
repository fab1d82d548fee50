/* buf.h: a growable byte buffer for slugindex (never used by the responder).
 * Allocation failure is sticky: once a call fails, buf.failed stays set and
 * later appends do nothing, so a caller checks once at the end. */
#ifndef SLUG_BUF_H
#define SLUG_BUF_H

#include <stddef.h>
#include <stdint.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
	int failed;
};

/* buf_reserve: make room for n more bytes. Returns 0, or -1 (and sets
 * failed) when memory ran out. */
int buf_reserve(struct buf *b, size_t n);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_add_u32(struct buf *b, uint32_t v);	/* little-endian */
void buf_add_u64(struct buf *b, uint64_t v);	/* little-endian */
/* buf_add_html: append s HTML-escaped (& < > " ' become entities). */
void buf_add_html(struct buf *b, const char *s, size_t n);
/* buf_cstr: the contents NUL-terminated (without counting the NUL in len);
 * "" for an empty or failed buffer. */
const char *buf_cstr(struct buf *b);
/* buf_free: release the memory; the buffer is empty and usable again. */
void buf_free(struct buf *b);

#endif
