/* accept_enc.c: choose a stored content coding from Accept-Encoding
 * (see accept_enc.h). The grammar (RFC 9110 12.5.3, 5.6.1, 12.4.2):
 *   Accept-Encoding = #( codings [ weight ] )
 *   codings = content-coding / "identity" / "*"
 *   weight  = OWS ";" OWS "q=" ( "0" [ "." 0*3DIGIT ] / "1" [ "." 0*3("0") ] )
 * Other parameters are not defined for this field and make it malformed. */
#include <string.h>
#include <strings.h>

#include "accept_enc.h"

const char *const content_enc_names[ENC__MAX] = {
	[ENC_IDENTITY] = NULL,
	[ENC_GZIP] = "gzip",
	[ENC_BR] = "br",
};

const char *const content_enc_etag_suffix[ENC__MAX] = {
	[ENC_IDENTITY] = "",
	[ENC_GZIP] = "-gz",
	[ENC_BR] = "-br",
};

#define Q_UNSET (-1)

/* A tchar of RFC 9110 5.6.2. */
static int is_tchar(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

static int is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* Parse a qvalue at s[0..n) into thousandths. Returns 0, or -1. */
static int parse_q(const char *s, size_t n, int *q)
{
	size_t i = 2;
	int v, scale = 100;

	if (n == 0 || (s[0] != '0' && s[0] != '1') || (n > 1 && s[1] != '.') ||
	    n > 5)
		return -1;
	v = (s[0] - '0') * 1000;
	for (; i < n; i++, scale /= 10) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v += (s[i] - '0') * scale;
	}
	if (v > 1000)
		return -1;
	*q = v;
	return 0;
}

/* Which slot a coding name fills: an encoding, or ENC__MAX for "*", or -1
 * for a coding we do not store (its q is ignored). */
static int coding_slot(const char *s, size_t n)
{
	if (n == 1 && s[0] == '*')
		return ENC__MAX;
	if (n == 8 && strncasecmp(s, "identity", 8) == 0)
		return ENC_IDENTITY;
	if ((n == 4 && strncasecmp(s, "gzip", 4) == 0) ||
	    (n == 6 && strncasecmp(s, "x-gzip", 6) == 0))
		return ENC_GZIP;
	if (n == 2 && strncasecmp(s, "br", 2) == 0)
		return ENC_BR;
	return -1;
}

/* Fill q[ENC__MAX + 1] (the last for "*") from the header. Returns 0, or
 * -1 when it is malformed. */
static int parse(const char *h, size_t len, int q[ENC__MAX + 1])
{
	size_t i = 0;

	while (i < len) {
		size_t start;
		int slot, val = 1000;

		while (i < len && (is_ows(h[i]) || h[i] == ','))
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && is_tchar((unsigned char)h[i]))
			i++;
		if (i == start)
			return -1;
		slot = coding_slot(h + start, i - start);
		while (i < len && is_ows(h[i]))
			i++;
		if (i < len && h[i] == ';') {
			size_t qs;

			i++;
			while (i < len && is_ows(h[i]))
				i++;
			if (len - i < 2 || (h[i] != 'q' && h[i] != 'Q') ||
			    h[i + 1] != '=')
				return -1;
			i += 2;
			qs = i;
			while (i < len && !is_ows(h[i]) && h[i] != ',')
				i++;
			if (parse_q(h + qs, i - qs, &val) < 0)
				return -1;
			while (i < len && is_ows(h[i]))
				i++;
		}
		if (i < len && h[i] != ',')
			return -1;
		/* the first entry for a coding decides, as most servers do */
		if (slot >= 0 && q[slot] == Q_UNSET)
			q[slot] = val;
	}
	return 0;
}

enum content_enc accept_enc_choose(const char *hdr, size_t len,
				   unsigned avail)
{
	int q[ENC__MAX + 1];
	enum content_enc best = ENC_IDENTITY;
	int best_q;

	if (hdr == NULL)
		return ENC_IDENTITY;
	for (int e = 0; e <= ENC__MAX; e++)
		q[e] = Q_UNSET;
	if (parse(hdr, len, q) < 0)
		return ENC_IDENTITY;
	for (int e = ENC_GZIP; e < ENC__MAX; e++)
		if (q[e] == Q_UNSET)
			q[e] = q[ENC__MAX] == Q_UNSET ? 0 : q[ENC__MAX];
	/* identity: acceptable unless excluded, and then only just (1/1000
	 * below anything named), so a named coding of any q wins */
	if (q[ENC_IDENTITY] == Q_UNSET)
		q[ENC_IDENTITY] = q[ENC__MAX] == 0 ? 0 : 1;
	best_q = q[ENC_IDENTITY];
	for (int e = ENC__MAX - 1; e > ENC_IDENTITY; e--)
		if ((avail & (1u << e)) && q[e] > 0 && q[e] > best_q) {
			best = (enum content_enc)e;
			best_q = q[e];
		}
	/* ties: the loop ran from br down and took only a higher q, so br
	 * wins a tie with gzip; a named coding also wins a tie with an
	 * explicit identity entry */
	if (best == ENC_IDENTITY)
		for (int e = ENC__MAX - 1; e > ENC_IDENTITY; e--)
			if ((avail & (1u << e)) && q[e] > 0 &&
			    q[e] == q[ENC_IDENTITY]) {
				best = (enum content_enc)e;
				break;
			}
	return best;
}
