/* pathnorm.c: turns a raw request path into its index key (decode, check,
 * fold slashes, remove dot segments) and a key back into a URL path.
 * The rules are in pathnorm.h. */
#include <string.h>

#include "hex.h"
#include "pathnorm.h"
#include "utf8.h"

/* Where the decoder stands inside a UTF-8 sequence: how many continuation
 * bytes are still due, and the range the next one must lie in. The range is
 * 80..BF except after E0, ED, F0 and F4, where it is narrowed to refuse
 * overlong forms, surrogates and code points above U+10FFFF (RFC 3629,
 * section 4). */
const char *pathnorm_strerror(enum pathnorm_status st)
{
	static const char *const names[PATHNORM__MAX] = {
		[PATHNORM_OK] = "ok",
		[PATHNORM_EMPTY] = "path is empty or does not start with '/'",
		[PATHNORM_BAD_ESCAPE] = "'%' not followed by two hex digits",
		[PATHNORM_BAD_BYTE] = "NUL or control byte in path",
		[PATHNORM_BAD_UTF8] = "path is not valid UTF-8",
		[PATHNORM_TOO_LONG] = "path too long",
	};

	if ((unsigned int)st >= PATHNORM__MAX || names[st] == NULL)
		return "unknown path status";
	return names[st];
}

/* decode_byte: the byte that in[*i] stands for. A "%XX" escape moves *i
 * onto its last digit. Returns 0..255, or -1 for a '%' without two hex
 * digits after it. Reads nothing at or past in[len]; needs *i < len. */
static int decode_byte(const unsigned char *in, size_t len, size_t *i)
{
	int hi, lo;

	if (in[*i] != '%')
		return in[*i];
	if (len - *i < 3)
		return -1;
	hi = hex_digit((unsigned char)in[*i + 1]);
	lo = hex_digit((unsigned char)in[*i + 2]);
	if (hi < 0 || lo < 0)
		return -1;
	*i += 2;
	return hi << 4 | lo;
}

/* end_segment: the segment out[seg..o) is complete. out[0..seg) is "/" or
 * "/a/b/" (kept segments, each followed by '/'), and so is the result: an
 * empty or "." segment is dropped, ".." also drops the segment before it
 * (none at the root), and any other gets its '/'. Returns the new end. */
static size_t end_segment(char *out, size_t o, size_t seg)
{
	size_t n = o - seg;

	if (n == 0 || (n == 1 && out[seg] == '.'))
		return seg;
	if (n == 2 && out[seg] == '.' && out[seg + 1] == '.') {
		if (seg == 1)
			return seg;
		/* back over the previous segment; out[0] is '/' */
		for (o = seg - 1; out[o - 1] != '/'; o--)
			;
		return o;
	}
	out[o] = '/';
	return o + 1;
}

static enum pathnorm_status fail(char *out, size_t *outlen,
				 enum pathnorm_status st)
{
	out[0] = '\0';
	*outlen = 0;
	return st;
}

/* One pass: each raw byte is decoded, checked, and written to out, where
 * end_segment() settles each segment as its '/' arrives. out never runs
 * ahead of in: a segment's bytes come from at least as many raw bytes, and
 * the '/' after it from the '/' that ended it, or, for the last one, from
 * the spare byte that then takes the NUL. */
enum pathnorm_status path_normalize(const char *in, size_t len, char *out,
				    size_t *outlen)
{
	const unsigned char *raw = (const unsigned char *)in;
	struct utf8_state u = { 0, 0x80, 0xbf };
	size_t i, o = 1, seg = 1;
	int c;

	if (len > PATHNORM_MAX)
		return fail(out, outlen, PATHNORM_TOO_LONG);
	if (len == 0 || raw[0] != '/')
		return fail(out, outlen, PATHNORM_EMPTY);
	out[0] = '/';
	for (i = 1; i < len; i++) {
		if ((c = decode_byte(raw, len, &i)) < 0)
			return fail(out, outlen, PATHNORM_BAD_ESCAPE);
		if (c < 0x20 || c == 0x7f)
			return fail(out, outlen, PATHNORM_BAD_BYTE);
		if (!utf8_step(&u, (unsigned char)c))
			return fail(out, outlen, PATHNORM_BAD_UTF8);
		if (c == '/') {
			o = end_segment(out, o, seg);
			seg = o;
		} else
			out[o++] = (char)c;
	}
	if (u.need > 0)
		return fail(out, outlen, PATHNORM_BAD_UTF8);
	o = end_segment(out, o, seg);
	if (o > 1)
		o--;	/* the trailing '/', unless it is the root */
	out[o] = '\0';
	*outlen = o;
	return PATHNORM_OK;
}

/* Unreserved and sub-delims of RFC 3986, ':' and '@' (pchar), and '/';
 * in a query, also '?' and the '%' of an escape already made. */
static int is_plain(const char *in, size_t i, size_t len, int query)
{
	static const char marks[] = "-._~!$&'()*+,;=:@/";
	unsigned char c = (unsigned char)in[i];

	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	if (query && (c == '?' || (c == '%' && len - i >= 3 &&
				   hex_digit((unsigned char)in[i + 1]) >= 0 &&
				   hex_digit((unsigned char)in[i + 2]) >= 0)))
		return 1;
	return c != '\0' && memchr(marks, c, sizeof(marks) - 1) != NULL;
}

static size_t encode(const char *in, size_t len, char *out, size_t cap,
		     int query)
{
	static const char hex[] = "0123456789ABCDEF";
	char unit[3];
	size_t i, k, n = 0, w = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];

		if (is_plain(in, i, len, query)) {
			unit[0] = (char)c;
			k = 1;
		} else {
			unit[0] = '%';
			unit[1] = hex[c >> 4];
			unit[2] = hex[c & 0xf];
			k = 3;
		}
		/* w < cap here whenever cap > 0, so cap - w is the room left,
		 * and the NUL needs one of it; w == n until a unit misses. */
		if (w == n && k < cap - w) {
			memcpy(out + w, unit, k);
			w += k;
		}
		n += k;
	}
	if (cap > 0)
		out[w] = '\0';
	return n;
}

size_t path_encode(const char *in, size_t len, char *out, size_t cap)
{
	return encode(in, len, out, cap, 0);
}

size_t query_encode(const char *in, size_t len, char *out, size_t cap)
{
	return encode(in, len, out, cap, 1);
}
