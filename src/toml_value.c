/* toml_value.c: TOML 1.0.0 scalars into libyaml scalar nodes: strings (all
 * four kinds, every escape), integers, floats, booleans, and the four date
 * and time kinds, each checked in full and given the canonical text that
 * toml.h describes. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "hex.h"
#include "toml.h"
#include "toml_parse.h"

int toml_sb_put(struct toml_p *p, const char *s, size_t n)
{
	if (n == 0)
		return 0;
	if (n > p->sb_cap - p->sb_len) {
		size_t cap = p->sb_cap ? p->sb_cap : 64;
		char *nb;

		while (n > cap - p->sb_len)
			cap *= 2;
		nb = realloc(p->sb, cap);
		if (nb == NULL)
			return toml_error(p, p->pos, "out of memory");
		p->sb = nb;
		p->sb_cap = cap;
	}
	memcpy(p->sb + p->sb_len, s, n);
	p->sb_len += n;
	return 0;
}

/* A character no TOML string or comment may hold raw (tab aside). */
static int is_control(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

/* \uXXXX or \UXXXXXXXX at p->pos (the 'u'/'U'): a Unicode scalar value,
 * appended as UTF-8. */
static int unicode_escape(struct toml_p *p, size_t at)
{
	int n = p->buf[p->pos] == 'u' ? 4 : 8;
	unsigned long cp = 0;
	char u[4];
	size_t k;

	for (int i = 1; i <= n; i++) {
		int h = p->pos + i < p->len ? hex_digit((unsigned char)p->buf[p->pos + i]) : -1;

		if (h < 0)
			return toml_error(p, at, "\\%c needs %d hex digits",
					  p->buf[p->pos], n);
		cp = cp * 16 + (unsigned long)h;
	}
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return toml_error(p, at, "\\%c%.*s is not a Unicode scalar "
				  "value", p->buf[p->pos], n,
				  p->buf + p->pos + 1);
	p->pos += (size_t)n + 1;
	if (cp < 0x80) {
		u[0] = (char)cp;
		k = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		k = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		k = 3;
	} else {
		u[0] = (char)(0xF0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		k = 4;
	}
	return toml_sb_put(p, u, k);
}

/* A line-ending backslash in a multi-line basic string: blanks, one
 * newline, then every blank and newline after it are dropped. */
static int line_continuation(struct toml_p *p, size_t at)
{
	size_t i = p->pos;

	while (i < p->len && (p->buf[i] == ' ' || p->buf[i] == '\t'))
		i++;
	if (i < p->len && p->buf[i] == '\r' && i + 1 < p->len &&
	    p->buf[i + 1] == '\n')
		i++;
	if (i >= p->len || p->buf[i] != '\n')
		return toml_error(p, at, "a backslash followed by a blank "
				  "must end the line");
	while (i < p->len && (p->buf[i] == ' ' || p->buf[i] == '\t' ||
			      p->buf[i] == '\n' ||
			      (p->buf[i] == '\r' && i + 1 < p->len &&
			       p->buf[i + 1] == '\n')))
		i++;
	p->pos = i;
	return 0;
}

/* One escape at p->pos (the backslash) in a basic string. */
static int escape(struct toml_p *p, int multi)
{
	static const char from[] = "btnfr\"\\", to[] = "\b\t\n\f\r\"\\";
	size_t at = p->pos++;
	const char *e;

	if (p->pos >= p->len)
		return toml_error(p, at, "a string is not closed");
	if (p->buf[p->pos] == 'u' || p->buf[p->pos] == 'U')
		return unicode_escape(p, at);
	if (multi && (p->buf[p->pos] == ' ' || p->buf[p->pos] == '\t' ||
		      p->buf[p->pos] == '\n' || p->buf[p->pos] == '\r'))
		return line_continuation(p, at);
	e = p->buf[p->pos] ? strchr(from, p->buf[p->pos]) : NULL;
	if (e == NULL)
		return toml_error(p, at, "unknown escape \\%c (TOML has \\b \\t "
				  "\\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)",
				  p->buf[p->pos]);
	p->pos++;
	return toml_sb_put(p, &to[e - from], 1);
}

/* The closing delimiter of a multi-line string at p->pos: three quotes,
 * and up to two more that belong to the text. 1 when it closes, 0 when
 * it does not, -1 after reporting six quotes or more. */
static int closes_multi(struct toml_p *p, char q)
{
	size_t n = 0;

	while (p->pos + n < p->len && p->buf[p->pos + n] == q)
		n++;
	if (n < 3)
		return 0;
	if (n > 5)
		return toml_error(p, p->pos + 5, "too many quotes after the "
				  "end of a multi-line string");
	if (toml_sb_put(p, p->buf + p->pos, n - 3) < 0)
		return -1;
	p->pos += n;
	return 1;
}

int toml_string(struct toml_p *p, int multi)
{
	char q = p->buf[p->pos];
	size_t start = p->pos;
	int ml = multi && p->len - p->pos >= 3 && p->buf[p->pos + 1] == q &&
		 p->buf[p->pos + 2] == q;

	p->sb_len = 0;
	p->pos += ml ? 3 : 1;
	if (ml && p->pos < p->len && p->buf[p->pos] == '\n')
		p->pos++;	/* a newline right after the opening */
	else if (ml && p->len - p->pos >= 2 && p->buf[p->pos] == '\r' &&
		 p->buf[p->pos + 1] == '\n')
		p->pos += 2;
	for (;;) {
		unsigned char c;
		int rc;

		if (p->pos >= p->len)
			return toml_error(p, start, "a string is not closed");
		c = (unsigned char)p->buf[p->pos];
		if (ml && c == (unsigned char)q) {
			if ((rc = closes_multi(p, q)) != 0)
				return rc < 0 ? -1 : 0;
		} else if (c == (unsigned char)q) {
			p->pos++;
			return 0;
		}
		if (c == '\\' && q == '"') {
			if (escape(p, ml) < 0)
				return -1;
			continue;
		}
		if (ml && c == '\r' && p->pos + 1 < p->len &&
		    p->buf[p->pos + 1] == '\n') {
			p->pos++;	/* CRLF reads as LF */
			continue;
		}
		if (is_control(c) && !(ml && c == '\n'))
			return toml_error(p, p->pos, c == '\n' ?
					  "a string is not closed on its line" :
					  "control character U+%04X in a "
					  "string", c);
		if (toml_sb_put(p, p->buf + p->pos, 1) < 0)
			return -1;
		p->pos++;
	}
}

static int add_scalar(struct toml_p *p, const char *tag, const char *s,
		      size_t n, yaml_scalar_style_t style, size_t at)
{
	int id = yaml_document_add_scalar(p->doc, (yaml_char_t *)tag,
					  (yaml_char_t *)s, (int)n, style);

	if (id == 0) {
		toml_error(p, at, "out of memory");
		return 0;
	}
	toml_mark(p, id, at);
	return id;
}

int toml_add_str(struct toml_p *p, const char *s, size_t n, size_t at)
{
	return add_scalar(p, TOML_TAG_STR, s ? s : "", n,
			  YAML_DOUBLE_QUOTED_SCALAR_STYLE, at);
}

/* The bytes of a bare value (number, boolean, date): up to a blank, a
 * newline, a comma, a closing bracket or brace, a comment, or a NUL (which
 * the caller then refuses), so a token never holds a NUL. */
static size_t token_end(const struct toml_p *p, size_t i)
{
	while (i < p->len && p->buf[i] != '\0' &&
	       strchr(" \t\r\n,]}#", p->buf[i]) == NULL)
		i++;
	return i;
}

/* Digits with single underscores between them, in base 10, 16, 8 or 2,
 * from s[0..n); copies the digits into out (n + 1 bytes). 0 or -1. */
static int digits_(const char *s, size_t n, int base, char *out)
{
	size_t k = 0;

	if (n == 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int v = hex_digit((unsigned char)s[i]);

		if (s[i] == '_') {
			if (i == 0 || i + 1 == n || s[i + 1] == '_')
				return -1;
			continue;
		}
		if (v < 0 || v >= base)
			return -1;
		out[k++] = s[i];
	}
	out[k] = '\0';
	return 0;
}

static int integer(struct toml_p *p, const char *s, size_t n, size_t at)
{
	char digs[128], text[32];
	int base = 10, neg = 0;
	unsigned long long v;
	char *end;

	if (n >= sizeof digs)
		return toml_error(p, at, "integer out of range"), 0;
	if (n > 2 && s[0] == '0' && strchr("xob", s[1]) != NULL) {
		base = s[1] == 'x' ? 16 : s[1] == 'o' ? 8 : 2;
		s += 2;
		n -= 2;
	} else if (*s == '+' || *s == '-') {
		neg = *s == '-';
		s++;
		n--;
	}
	if (digits_(s, n, base, digs) < 0 ||
	    (base == 10 && digs[0] == '0' && digs[1] != '\0'))
		return toml_error(p, at, "not a valid number"), 0;
	errno = 0;
	v = strtoull(digs, &end, base);
	if (errno != 0 || *end != '\0' || v > (unsigned long long)INT64_MAX + neg)
		return toml_error(p, at, "integer out of range (64 bits)"), 0;
	if (neg && v == (unsigned long long)INT64_MAX + 1)
		snprintf(text, sizeof text, "%" PRId64, INT64_MIN);
	else
		snprintf(text, sizeof text, "%s%llu", neg && v ? "-" : "", v);
	return add_scalar(p, TOML_TAG_INT, text, strlen(text),
			  YAML_PLAIN_SCALAR_STYLE, at);
}

/* A decimal float: [+-] int [. digits] [e [+-] digits], one of the two
 * parts at least, the integer part without leading zeros. */
static int floating(struct toml_p *p, const char *s, size_t n, size_t at)
{
	char num[256], *o = num, text[40];
	size_t i = 0, j;
	double v;

	if (n >= sizeof num - 8)
		return toml_error(p, at, "float too long"), 0;
	if (s[i] == '+' || s[i] == '-')
		*o++ = s[i++];
	for (j = i; j < n && s[j] != '.' && s[j] != 'e' && s[j] != 'E'; j++)
		;
	if (digits_(s + i, j - i, 10, o) < 0 || (o[0] == '0' && o[1] != '\0'))
		goto bad;
	o += strlen(o);
	if (j < n && s[j] == '.') {
		*o++ = '.';
		for (i = ++j; j < n && s[j] != 'e' && s[j] != 'E'; j++)
			;
		if (digits_(s + i, j - i, 10, o) < 0)
			goto bad;
		o += strlen(o);
	}
	if (j < n) {		/* the exponent */
		*o++ = 'e';
		if (++j < n && (s[j] == '+' || s[j] == '-'))
			*o++ = s[j++];
		if (digits_(s + j, n - j, 10, o) < 0)
			goto bad;
	}
	v = strtod(num, NULL);
	if (v == 0)
		snprintf(text, sizeof text, "%s0", signbit(v) ? "-" : "");
	else if (isinf(v))
		snprintf(text, sizeof text, "%s", v < 0 ? "-inf" : "inf");
	else
		snprintf(text, sizeof text, "%.17g", v);
	return add_scalar(p, TOML_TAG_FLOAT, text, strlen(text),
			  YAML_PLAIN_SCALAR_STYLE, at);
bad:
	return toml_error(p, at, "not a valid number"), 0;
}

/* inf and nan, signed or not. -1 when s is neither. */
static int special_float(struct toml_p *p, const char *s, size_t n, size_t at)
{
	const char *t = s + (*s == '+' || *s == '-');
	size_t k = n - (size_t)(t - s);
	const char *text;

	if (k != 3 || (memcmp(t, "inf", 3) != 0 && memcmp(t, "nan", 3) != 0))
		return -1;
	text = t[0] == 'n' ? "nan" : *s == '-' ? "-inf" : "inf";
	return add_scalar(p, TOML_TAG_FLOAT, text, strlen(text),
			  YAML_PLAIN_SCALAR_STYLE, at);
}

static int number(struct toml_p *p, const char *s, size_t n, size_t at)
{
	int id = special_float(p, s, n, at);
	size_t i = *s == '+' || *s == '-';

	if (id >= 0)
		return id;
	if (n - i > 2 && s[i] == '0' && strchr("xob", s[i + 1]) != NULL)
		return i ? toml_error(p, at, "a sign before 0x, 0o or 0b"), 0
			 : integer(p, s, n, at);
	if (memchr(s, '.', n) || memchr(s, 'e', n) || memchr(s, 'E', n))
		return floating(p, s, n, at);
	return integer(p, s, n, at);
}

/* Exactly n digits at s[*i]: their value, or -1. */
static int fixed(const char *s, size_t n, size_t *i, int width)
{
	int v = 0;

	for (int k = 0; k < width; k++, (*i)++) {
		if (*i >= n || s[*i] < '0' || s[*i] > '9')
			return -1;
		v = v * 10 + (s[*i] - '0');
	}
	return v;
}

/* HH:MM:SS[.frac] at s[*i]; 0 or -1. */
static int time_part(const char *s, size_t n, size_t *i)
{
	int h = fixed(s, n, i, 2), m, sec;

	if (h < 0 || *i >= n || s[(*i)++] != ':' || (m = fixed(s, n, i, 2)) < 0 ||
	    *i >= n || s[(*i)++] != ':' || (sec = fixed(s, n, i, 2)) < 0 ||
	    h > 23 || m > 59 || sec > 60)
		return -1;
	if (*i < n && s[*i] == '.') {
		size_t f = ++*i;

		while (*i < n && s[*i] >= '0' && s[*i] <= '9')
			(*i)++;
		if (*i == f)
			return -1;
	}
	return 0;
}

/* Z or +HH:MM / -HH:MM at s[*i]; 0 or -1. */
static int offset_part(const char *s, size_t n, size_t *i)
{
	int h, m;

	if (s[*i] == 'Z' || s[*i] == 'z') {
		(*i)++;
		return 0;
	}
	if (s[*i] != '+' && s[*i] != '-')
		return -1;
	(*i)++;
	h = fixed(s, n, i, 2);
	if (h < 0 || *i >= n || s[(*i)++] != ':')
		return -1;
	m = fixed(s, n, i, 2);
	return m < 0 || h > 23 || m > 59 ? -1 : 0;
}

/* A date, date-time or time s[0..n): its tag, with text set to the
 * canonical form ('T', 'Z' upper-case); NULL when it is none. */
static const char *datetime(const char *s, size_t n, char *text)
{
	size_t i = 0;
	int y, m, d;
	const char *tag;

	if (n >= 3 && s[2] == ':') {
		if (time_part(s, n, &i) < 0 || i != n)
			return NULL;
		memcpy(text, s, n);
		text[n] = '\0';
		return TOML_TAG_TIME_LOCAL;
	}
	if ((y = fixed(s, n, &i, 4)) < 0 || i >= n || s[i++] != '-' ||
	    (m = fixed(s, n, &i, 2)) < 0 || i >= n || s[i++] != '-' ||
	    (d = fixed(s, n, &i, 2)) < 0 || m < 1 || m > 12 || d < 1 ||
	    d > date_days_in_month(y, m))
		return NULL;
	tag = TOML_TAG_DATE_LOCAL;
	if (i < n) {
		if (s[i] != 'T' && s[i] != 't' && s[i] != ' ')
			return NULL;
		i++;
		if (time_part(s, n, &i) < 0)
			return NULL;
		tag = TOML_TAG_DATETIME_LOCAL;
		if (i < n) {
			if (offset_part(s, n, &i) < 0)
				return NULL;
			tag = TOML_TAG_DATETIME;
		}
	}
	if (i != n)
		return NULL;
	memcpy(text, s, n);
	text[n] = '\0';
	if (n > 10)
		text[10] = 'T';
	if (text[n - 1] == 'z')
		text[n - 1] = 'Z';
	return tag;
}

/* A date followed by ' ' and a time: the space belongs to the value. */
static size_t date_time_end(const struct toml_p *p, size_t start, size_t end)
{
	const char *b = p->buf;

	if (end - start == 10 && b[start + 4] == '-' && end + 3 < p->len &&
	    b[end] == ' ' && b[end + 1] >= '0' && b[end + 1] <= '9' &&
	    b[end + 2] >= '0' && b[end + 2] <= '9' && b[end + 3] == ':')
		return token_end(p, end + 1);
	return end;
}

static int dated(const char *s, size_t n)
{
	return (n >= 5 && s[4] == '-' && s[0] >= '0' && s[0] <= '9') ||
	       (n >= 3 && s[2] == ':');
}

int toml_scalar(struct toml_p *p)
{
	size_t at = p->pos, end;
	const char *s = p->buf + at, *tag;
	char text[64];

	if (at >= p->len)
		return toml_error(p, at, "a value is missing"), 0;
	if (*s == '"' || *s == '\'') {
		if (toml_string(p, 1) < 0)
			return 0;
		return toml_add_str(p, p->sb, p->sb_len, at);
	}
	end = date_time_end(p, at, token_end(p, at));
	p->pos = end;
	if (end == at)
		return toml_error(p, at, "a value is missing"), 0;
	if (end - at == 4 && memcmp(s, "true", 4) == 0)
		return add_scalar(p, TOML_TAG_BOOL, "true", 4,
				  YAML_PLAIN_SCALAR_STYLE, at);
	if (end - at == 5 && memcmp(s, "false", 5) == 0)
		return add_scalar(p, TOML_TAG_BOOL, "false", 5,
				  YAML_PLAIN_SCALAR_STYLE, at);
	if (dated(s, end - at)) {
		if (end - at >= sizeof text ||
		    (tag = datetime(s, end - at, text)) == NULL)
			return toml_error(p, at, "not a valid date or time "
					  "(RFC 3339, with seconds)"), 0;
		return add_scalar(p, tag, text, strlen(text),
				  YAML_PLAIN_SCALAR_STYLE, at);
	}
	if ((*s >= '0' && *s <= '9') || *s == '+' || *s == '-' || *s == 'i' ||
	    *s == 'n')
		return number(p, s, end - at, at);
	return toml_error(p, at, "not a TOML value: strings are quoted"), 0;
}
