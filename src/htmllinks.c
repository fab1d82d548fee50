/* htmllinks.c: a small HTML tokenizer for the links of a page body (see
 * htmllinks.h). It reads the states of HTML's tokenizer that matter for
 * attributes: data, markup declarations, tags and their attributes, and
 * raw text; it never allocates and never reads past the text. */
#include <string.h>
#include <strings.h>

#include "htmllinks.h"

struct scan {
	const char *t;
	size_t n, i;
	htmllink_fn fn;
	void *ctx;
	char value[HTMLLINKS_VALUE_MAX];
};

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* skip_past: move i past the next occurrence of s (or to the end). */
static void skip_past(struct scan *s, const char *pat)
{
	size_t m = strlen(pat);

	while (s->i + m <= s->n && memcmp(s->t + s->i, pat, m) != 0)
		s->i++;
	s->i = s->i + m <= s->n ? s->i + m : s->n;
}

/* skip_raw_text: past "</name" (any case) for script, style, ... */
static void skip_raw_text(struct scan *s, const char *name, size_t m)
{
	for (; s->i + 2 + m <= s->n; s->i++)
		if (s->t[s->i] == '<' && s->t[s->i + 1] == '/' &&
		    strncasecmp(s->t + s->i + 2, name, m) == 0)
			return;
	s->i = s->n;
}

/* put_codepoint: c as UTF-8 into value at *o. */
static void put_codepoint(struct scan *s, size_t *o, unsigned long c)
{
	char b[4];
	size_t k;

	if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		c = 0xFFFD;
	if (c < 0x80)
		b[0] = (char)c, k = 1;
	else if (c < 0x800)
		b[0] = (char)(0xC0 | c >> 6), b[1] = (char)(0x80 | (c & 0x3F)),
		k = 2;
	else if (c < 0x10000)
		b[0] = (char)(0xE0 | c >> 12),
		b[1] = (char)(0x80 | (c >> 6 & 0x3F)),
		b[2] = (char)(0x80 | (c & 0x3F)), k = 3;
	else
		b[0] = (char)(0xF0 | c >> 18),
		b[1] = (char)(0x80 | (c >> 12 & 0x3F)),
		b[2] = (char)(0x80 | (c >> 6 & 0x3F)),
		b[3] = (char)(0x80 | (c & 0x3F)), k = 4;
	for (size_t j = 0; j < k && *o < sizeof s->value; j++)
		s->value[(*o)++] = b[j];
}

/* reference: decode the character reference at v[0..n) (v[0] == '&')
 * into value; returns the bytes read (1 when it is not one: '&' kept). */
static size_t reference(struct scan *s, const char *v, size_t n, size_t *o)
{
	static const struct { const char *name; char c; } named[] = {
		{"amp;", '&'}, {"quot;", '"'}, {"apos;", '\''},
		{"lt;", '<'}, {"gt;", '>'}, {"amp", '&'},
	};
	size_t i = 1;
	unsigned long c = 0;
	int hex = 0, digits = 0;

	for (size_t k = 0; k < sizeof named / sizeof *named; k++) {
		size_t m = strlen(named[k].name);

		if (n > m && memcmp(v + 1, named[k].name, m) == 0) {
			if (*o < sizeof s->value)
				s->value[(*o)++] = named[k].c;
			return m + 1;
		}
	}
	if (n < 3 || v[1] != '#')
		goto literal;
	i = 2;
	if (v[i] == 'x' || v[i] == 'X')
		hex = 1, i++;
	for (; i < n && digits < 8; i++, digits++) {
		char d = v[i];
		int x = d >= '0' && d <= '9' ? d - '0'
			: hex && d >= 'a' && d <= 'f' ? d - 'a' + 10
			: hex && d >= 'A' && d <= 'F' ? d - 'A' + 10 : -1;

		if (x < 0)
			break;
		c = c * (hex ? 16 : 10) + (unsigned long)x;
	}
	if (digits == 0)
		goto literal;
	put_codepoint(s, o, c);
	return i < n && v[i] == ';' ? i + 1 : i;
literal:
	if (*o < sizeof s->value)
		s->value[(*o)++] = '&';
	return 1;
}

static void give(struct scan *s, const char *v, size_t n, size_t at,
		 const char *attr)
{
	size_t o = 0;

	for (size_t i = 0; i < n && o < sizeof s->value;)
		if (v[i] == '&')
			i += reference(s, v + i, n - i, &o);
		else
			s->value[o++] = v[i++];
	s->fn(s->ctx, s->value, o, at, attr);
}

/* attribute: one name[=value] at i; returns 0 at the tag's end. */
static int attribute(struct scan *s)
{
	const char *t = s->t;
	size_t name, nlen, v, vlen;
	const char *attr = NULL;

	while (s->i < s->n && (is_space(t[s->i]) || t[s->i] == '/'))
		s->i++;
	if (s->i >= s->n || t[s->i] == '>')
		return 0;
	name = s->i++;	/* a first '=' is part of the name, as in HTML */
	while (s->i < s->n && !is_space(t[s->i]) && t[s->i] != '/' &&
	       t[s->i] != '>' && t[s->i] != '=')
		s->i++;
	nlen = s->i - name;
	if (nlen == 4 && strncasecmp(t + name, "href", 4) == 0)
		attr = "href";
	else if (nlen == 3 && strncasecmp(t + name, "src", 3) == 0)
		attr = "src";
	while (s->i < s->n && is_space(t[s->i]))
		s->i++;
	if (s->i >= s->n || t[s->i] != '=')
		return 1;	/* no value */
	s->i++;
	while (s->i < s->n && is_space(t[s->i]))
		s->i++;
	if (s->i < s->n && (t[s->i] == '"' || t[s->i] == '\'')) {
		const char *q = memchr(t + s->i + 1, t[s->i], s->n - s->i - 1);

		v = s->i + 1;
		vlen = q ? (size_t)(q - (t + v)) : s->n - v;
		s->i = q ? (size_t)(q - t) + 1 : s->n;
	} else {
		v = s->i;
		while (s->i < s->n && !is_space(t[s->i]) && t[s->i] != '>')
			s->i++;
		vlen = s->i - v;
	}
	if (attr != NULL)
		give(s, t + v, vlen, v, attr);
	return 1;
}

/* tag: a start tag at i (after '<'); then raw text when it has some. */
static void tag(struct scan *s)
{
	static const char *const raw[] = {"script", "style", "textarea",
					  "title"};
	size_t name = s->i, m;

	while (s->i < s->n && !is_space(s->t[s->i]) && s->t[s->i] != '/' &&
	       s->t[s->i] != '>')
		s->i++;
	m = s->i - name;
	while (attribute(s))
		;
	if (s->i < s->n)
		s->i++;	/* '>' */
	for (size_t k = 0; k < sizeof raw / sizeof *raw; k++)
		if (m == strlen(raw[k]) &&
		    strncasecmp(s->t + name, raw[k], m) == 0)
			skip_raw_text(s, raw[k], m);
}

void html_links(const char *text, size_t len, htmllink_fn fn, void *ctx)
{
	struct scan s = { text, len, 0, fn, ctx, {0} };

	while (s.i < s.n) {
		const char *lt = memchr(s.t + s.i, '<', s.n - s.i);

		if (lt == NULL)
			return;
		s.i = (size_t)(lt - s.t) + 1;
		if (s.i + 3 <= s.n && memcmp(s.t + s.i, "!--", 3) == 0) {
			s.i += 3;
			skip_past(&s, "-->");
		} else if (s.i < s.n && (s.t[s.i] == '!' || s.t[s.i] == '?' ||
					 s.t[s.i] == '/'))
			skip_past(&s, ">");
		else if (s.i < s.n && is_alpha(s.t[s.i]))
			tag(&s);
	}
}
