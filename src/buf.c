/* buf.c: the growable byte buffer of buf.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

int buf_reserve(struct buf *b, size_t n)
{
	size_t cap;
	char *p;

	if (b->failed)
		return -1;
	if (n < b->cap - b->len)
		return 0;
	if (n > SIZE_MAX / 2 - b->len) {
		b->failed = 1;
		return -1;
	}
	cap = b->cap ? b->cap : 256;
	while (cap - b->len <= n)
		cap *= 2;
	p = realloc(b->data, cap);
	if (p == NULL) {
		b->failed = 1;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

void buf_add(struct buf *b, const void *p, size_t n)
{
	if (n == 0 || buf_reserve(b, n) < 0)
		return;
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_reserve(b, (size_t)n + 1) < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void buf_add_u32(struct buf *b, uint32_t v)
{
	unsigned char le[4];

	for (int i = 0; i < 4; i++)
		le[i] = (unsigned char)(v >> (8 * i));
	buf_add(b, le, sizeof le);
}

void buf_add_u64(struct buf *b, uint64_t v)
{
	unsigned char le[8];

	for (int i = 0; i < 8; i++)
		le[i] = (unsigned char)(v >> (8 * i));
	buf_add(b, le, sizeof le);
}

void buf_add_html(struct buf *b, const char *s, size_t n)
{
	size_t run = 0;

	for (size_t i = 0; i < n; i++) {
		const char *ent;

		switch (s[i]) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		case '\'': ent = "&#39;"; break;
		default: continue;
		}
		buf_add(b, s + run, i - run);
		buf_adds(b, ent);
		run = i + 1;
	}
	buf_add(b, s + run, n - run);
}

const char *buf_cstr(struct buf *b)
{
	if (b->failed || buf_reserve(b, 1) < 0)
		return "";
	b->data[b->len] = '\0';
	return b->data;
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}
