/* t/unit-utf8.c: the UTF-8 validator (src/utf8.c) in both its forms,
 * against a reference written the other way round (decode the code point,
 * then judge it by RFC 3629: shortest form, no surrogate, at most
 * U+10FFFF), over every string of one to three bytes and every four-byte
 * sequence of each lead with its continuation ranges; and the path
 * normaliser, which validates with utf8_step, on the same edges. */
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "pathnorm.h"
#include "utf8.h"

/* reference: 1 when b[0..n) is exactly one valid UTF-8 character. */
static int reference(const unsigned char *b, size_t n)
{
	unsigned long cp;
	size_t want;

	if (b[0] < 0x80)
		cp = b[0], want = 1;
	else if ((b[0] & 0xE0) == 0xC0)
		cp = b[0] & 0x1F, want = 2;
	else if ((b[0] & 0xF0) == 0xE0)
		cp = b[0] & 0x0F, want = 3;
	else if ((b[0] & 0xF8) == 0xF0)
		cp = b[0] & 0x07, want = 4;
	else
		return 0;
	if (n != want)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((b[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (b[i] & 0x3F);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
	    (n == 4 && cp < 0x10000))
		return 0;	/* overlong */
	return cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
}

/* reference_buf: 1 when b[0..n) is a sequence of valid characters. */
static int reference_buf(const unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t want = b[i] < 0x80 ? 1 : (b[i] & 0xE0) == 0xC0 ? 2
			    : (b[i] & 0xF0) == 0xE0 ? 3 : (b[i] & 0xF8) == 0xF0 ? 4
			    : 0;

		if (want == 0 || i + want > n || !reference(b + i, want))
			return 0;
		i += want;
	}
	return 1;
}

/* stepped: 1 when utf8_step takes every byte and ends on a boundary. */
static int stepped(const unsigned char *b, size_t n)
{
	struct utf8_state u = {0};

	for (size_t i = 0; i < n; i++)
		if (!utf8_step(&u, b[i]))
			return 0;
	return u.need == 0;
}

static unsigned long disagree;

static void one(const unsigned char *b, size_t n)
{
	int ref = reference_buf(b, n), whole = utf8_valid_len((const char *)b, n) == n;

	if (ref != whole || ref != stepped(b, n)) {
		if (disagree++ < 5)
			diag("disagree on %zu bytes %02x %02x %02x %02x: "
			     "reference %d, whole %d, step %d", n, b[0],
			     n > 1 ? b[1] : 0, n > 2 ? b[2] : 0,
			     n > 3 ? b[3] : 0, ref, whole, stepped(b, n));
	}
}

int main(void)
{
	unsigned char b[4];
	unsigned long count = 0;
	char out[PATHNORM_MAX + 1];
	size_t outlen;

	for (unsigned x = 0; x < 256; x++, count++)
		b[0] = (unsigned char)x, one(b, 1);
	for (unsigned x = 0; x < 65536; x++, count++)
		b[0] = (unsigned char)(x >> 8), b[1] = (unsigned char)x,
		one(b, 2);
	for (unsigned long x = 0; x < (1ul << 24); x++, count++)
		b[0] = (unsigned char)(x >> 16), b[1] = (unsigned char)(x >> 8),
		b[2] = (unsigned char)x, one(b, 3);
	for (unsigned lead = 0xF0; lead < 0x100; lead++)
		for (unsigned long x = 0; x < (1ul << 18); x++, count++) {
			static const unsigned char last[] = {0x7F, 0x80, 0xBF,
							     0xC0};

			b[0] = (unsigned char)lead;
			b[1] = (unsigned char)(x >> 10);
			b[2] = (unsigned char)(x >> 2);
			b[3] = last[x & 3];
			one(b, 4);
		}
	ok(disagree == 0, "the whole-buffer and byte-at-a-time forms agree "
	   "with the reference on %lu sequences of 1-4 bytes", count);
	ok(utf8_valid_len("ab\xC3\xA9" "cd\xE2\x82", 8) == 6,
	   "a cut last character: the valid prefix stops before it");
	ok(utf8_valid_len("abcdefgh\xED\xA0\x80", 11) == 8,
	   "after an ASCII run, a surrogate: the prefix is the run");
	ok(utf8_valid_len("", 0) == 0, "an empty buffer is valid");
	ok(path_normalize("/caf%C3%A9", 10, out, &outlen) == PATHNORM_OK &&
	   strcmp(out, "/caf\xC3\xA9") == 0, "pathnorm: decoded UTF-8 kept");
	ok(path_normalize("/%ED%A0%80", 10, out, &outlen) == PATHNORM_BAD_UTF8,
	   "pathnorm: a surrogate is refused");
	ok(path_normalize("/%F4%90%80%80", 13, out, &outlen) == PATHNORM_BAD_UTF8,
	   "pathnorm: above U+10FFFF is refused");
	ok(path_normalize("/%C3", 4, out, &outlen) == PATHNORM_BAD_UTF8,
	   "pathnorm: a character cut at the end is refused");
	ok(path_normalize("/%C0%AF", 7, out, &outlen) == PATHNORM_BAD_UTF8,
	   "pathnorm: an overlong '/' is refused");
	return tap_done();
}
