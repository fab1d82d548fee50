/* utf8.c: UTF-8 validation (see utf8.h). One function knows which bytes
 * may follow which (lead): both forms are built on it. */
#include <stdint.h>
#include <string.h>

#include "utf8.h"

/* lead: a character's first byte c: how many continuation bytes follow
 * and the range of the first of them (the others are 80..BF). Returns 0
 * for a byte that cannot start one: a continuation, C0 and C1 (always
 * overlong), F5..FF (above U+10FFFF). */
static int lead(unsigned char c, struct utf8_state *u)
{
	u->lo = 0x80;
	u->hi = 0xBF;
	if (c < 0x80)
		u->need = 0;
	else if (c >= 0xC2 && c <= 0xDF)
		u->need = 1;
	else if (c >= 0xE0 && c <= 0xEF)
		u->need = 2;
	else if (c >= 0xF0 && c <= 0xF4)
		u->need = 3;
	else
		return 0;
	if (c == 0xE0)
		u->lo = 0xA0;	/* overlong */
	else if (c == 0xED)
		u->hi = 0x9F;	/* surrogates */
	else if (c == 0xF0)
		u->lo = 0x90;	/* overlong */
	else if (c == 0xF4)
		u->hi = 0x8F;	/* above U+10FFFF */
	return 1;
}

int utf8_step(struct utf8_state *u, unsigned char c)
{
	if (u->need == 0)
		return lead(c, u);
	if (c < u->lo || c > u->hi)
		return 0;
	u->need--;
	u->lo = 0x80;
	u->hi = 0xBF;
	return 1;
}

size_t utf8_valid_len(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start = 0;
	struct utf8_state u = {0};

	while (i < n) {
		uint64_t w;

		/* ASCII, the common case, eight bytes at a time */
		if (u.need == 0 && n - i >= 8) {
			memcpy(&w, p + i, sizeof w);
			if ((w & 0x8080808080808080ULL) == 0) {
				i += 8;
				continue;
			}
		}
		if (u.need == 0)
			start = i;
		if (!utf8_step(&u, p[i]))
			return start;
		i++;
	}
	return u.need == 0 ? n : start;
}
