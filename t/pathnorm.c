/* t/pathnorm.c: unit tests for src/pathnorm.c, printed as TAP.
 *
 * A table of raw paths with their key or their refusal, generated long and
 * pathological paths, path_encode's output and truncation, and properties
 * checked on pseudo-random paths against a literal RFC 3986 5.2.4 reference.
 * Every call gets exact-size heap copies, so that ASan or valgrind sees any
 * read past in[len - 1] or write past out[len]. */
#include <stdint.h>
#include <stdlib.h>

#include "tap.h"
#include "../src/pathnorm.h"

/* A sizeof-based length, so that cases may hold a raw NUL. */
#define GOOD(in, key)	{ in, sizeof(in) - 1, PATHNORM_OK, key }
#define BAD(in, st)	{ in, sizeof(in) - 1, st, NULL }

struct ncase {
	const char *in;
	size_t len;
	enum pathnorm_status st;
	const char *key;	/* NULL unless st is PATHNORM_OK */
};

static const struct ncase cases[] = {
	/* plain paths, trailing and repeated slashes */
	GOOD("/", "/"),
	GOOD("/a", "/a"),
	GOOD("/blog/x", "/blog/x"),
	GOOD("/blog/x/", "/blog/x"),
	GOOD("/fr/2019/03/les-meetups/", "/fr/2019/03/les-meetups"),
	GOOD("//", "/"),
	GOOD("///", "/"),
	GOOD("//a//b//", "/a/b"),
	GOOD("/a///b", "/a/b"),
	GOOD("/a b", "/a b"),
	GOOD("/a+b", "/a+b"),
	GOOD("/a?b#c", "/a?b#c"),
	GOOD("/a\\..\\b", "/a\\..\\b"),
	/* dot segments */
	GOOD("/.", "/"),
	GOOD("/./", "/"),
	GOOD("/..", "/"),
	GOOD("/../", "/"),
	GOOD("/a/.", "/a"),
	GOOD("/a/./", "/a"),
	GOOD("/a/./b", "/a/b"),
	GOOD("/a/..", "/"),
	GOOD("/a/b/..", "/a"),
	GOOD("/a/b/../", "/a"),
	GOOD("/a/b/../c", "/a/c"),
	GOOD("/a/b/../../c", "/c"),
	GOOD("/a/b/../../../c", "/c"),
	GOOD("/../a", "/a"),
	GOOD("/./././a", "/a"),
	GOOD("/a//../b", "/b"),
	GOOD("/a/.//b", "/a/b"),
	GOOD("/a/.../b", "/a/.../b"),
	GOOD("/a/.b", "/a/.b"),
	GOOD("/a/b..", "/a/b.."),
	GOOD("/a/..b/c", "/a/..b/c"),
	GOOD("/.well-known/x/", "/.well-known/x"),
	/* traversal attempts: harmless, the key is only ever hashed */
	GOOD("/../../etc/passwd", "/etc/passwd"),
	GOOD("/a/../../../etc/passwd", "/etc/passwd"),
	GOOD("/%2e%2e/%2e%2e/etc/passwd", "/etc/passwd"),
	GOOD("/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/etc/passwd"),
	GOOD("/..%2F..%2Fetc/passwd", "/etc/passwd"),
	GOOD("/%2e%2e%5c%2e%2e%5cwin.ini", "/..\\..\\win.ini"),
	/* encoded dots and slashes act after decoding */
	GOOD("/%2e%2e/a", "/a"),
	GOOD("/%2E%2E/a", "/a"),
	GOOD("/a/%2e", "/a"),
	GOOD("/a/%2E/b", "/a/b"),
	GOOD("/a/b/%2e%2e", "/a"),
	GOOD("/a/b/%2E./c", "/a/c"),
	GOOD("/a/b/.%2e/c", "/a/c"),
	GOOD("/a/b/%2e%2E/c", "/a/c"),
	GOOD("/%2e%2e%2e", "/..."),
	GOOD("/a%2Fb", "/a/b"),
	GOOD("/a%2fb%2F", "/a/b"),
	GOOD("/a%2F%2F%2Fb", "/a/b"),
	GOOD("/a/b%2F..%2Fc", "/a/c"),
	GOOD("/%252e%252e/", "/%2e%2e"),
	GOOD("/%2541", "/%41"),
	/* other escapes */
	GOOD("/%41%42c", "/ABc"),
	GOOD("/%7e/%7E", "/~/~"),
	GOOD("/a%20b", "/a b"),
	GOOD("/%3F%23", "/?#"),
	GOOD("/%25", "/%"),
	GOOD("/%5C", "/\\"),
	/* bad escapes */
	BAD("/%", PATHNORM_BAD_ESCAPE),
	BAD("/%4", PATHNORM_BAD_ESCAPE),
	BAD("/%zz", PATHNORM_BAD_ESCAPE),
	BAD("/%4g", PATHNORM_BAD_ESCAPE),
	BAD("/%g4", PATHNORM_BAD_ESCAPE),
	BAD("/a%", PATHNORM_BAD_ESCAPE),
	BAD("/%%41", PATHNORM_BAD_ESCAPE),
	BAD("/% 41", PATHNORM_BAD_ESCAPE),
	BAD("/%-1/", PATHNORM_BAD_ESCAPE),
	BAD("/%2", PATHNORM_BAD_ESCAPE),
	/* NUL and control bytes, decoded or raw */
	BAD("/%00", PATHNORM_BAD_BYTE),
	BAD("/a%00.html", PATHNORM_BAD_BYTE),
	BAD("/%0d%0aSet-Cookie:x=1", PATHNORM_BAD_BYTE),
	BAD("/%0D%0A", PATHNORM_BAD_BYTE),
	BAD("/%09", PATHNORM_BAD_BYTE),
	BAD("/%1f", PATHNORM_BAD_BYTE),
	BAD("/%7f", PATHNORM_BAD_BYTE),
	BAD("/%7F", PATHNORM_BAD_BYTE),
	BAD("/a\rb", PATHNORM_BAD_BYTE),
	BAD("/a\nb", PATHNORM_BAD_BYTE),
	BAD("/\r\nX: y", PATHNORM_BAD_BYTE),
	BAD("/\t", PATHNORM_BAD_BYTE),
	BAD("/a\0b", PATHNORM_BAD_BYTE),
	BAD("/\0", PATHNORM_BAD_BYTE),
	BAD("/\x7f", PATHNORM_BAD_BYTE),
	BAD("/\x1b[31m", PATHNORM_BAD_BYTE),
	/* valid UTF-8, encoded, raw or mixed */
	GOOD("/%C3%A9", "/\xc3\xa9"),
	GOOD("/%c3%a9t%c3%a9", "/\xc3\xa9t\xc3\xa9"),
	GOOD("/\xc3\xa9", "/\xc3\xa9"),
	GOOD("/caf%C3%A9/", "/caf\xc3\xa9"),
	GOOD("/\xc3%A9", "/\xc3\xa9"),
	GOOD("/%C2%80", "/\xc2\x80"),
	GOOD("/%DF%BF", "/\xdf\xbf"),
	GOOD("/%E2%82%AC", "/\xe2\x82\xac"),
	GOOD("/%ED%9F%BF", "/\xed\x9f\xbf"),
	GOOD("/%EE%80%80", "/\xee\x80\x80"),
	GOOD("/%EF%BF%BF", "/\xef\xbf\xbf"),
	GOOD("/%F0%9F%98%80", "/\xf0\x9f\x98\x80"),
	GOOD("/%F4%8F%BF%BF", "/\xf4\x8f\xbf\xbf"),
	GOOD("/fr/2018/02/cloudops-mise-sur-lannee-2018%E2%80%89-voici-comment/",
	     "/fr/2018/02/cloudops-mise-sur-lannee-2018\xe2\x80\x89-voici-comment"),
	GOOD("/fr/2018/08/docker-et-kubernetes-quelle-est-la-valeur-de-la-"
	     "conteneurisation%E2%80%89/",
	     "/fr/2018/08/docker-et-kubernetes-quelle-est-la-valeur-de-la-"
	     "conteneurisation\xe2\x80\x89"),
	/* invalid UTF-8 */
	BAD("/%C0%AF", PATHNORM_BAD_UTF8),
	BAD("/%C1%BF", PATHNORM_BAD_UTF8),
	BAD("/%E0%80%AF", PATHNORM_BAD_UTF8),
	BAD("/%E0%9F%BF", PATHNORM_BAD_UTF8),
	BAD("/%F0%80%80%AF", PATHNORM_BAD_UTF8),
	BAD("/%F0%8F%BF%BF", PATHNORM_BAD_UTF8),
	BAD("/%ED%A0%80", PATHNORM_BAD_UTF8),
	BAD("/%ED%BF%BF", PATHNORM_BAD_UTF8),
	BAD("/%F4%90%80%80", PATHNORM_BAD_UTF8),
	BAD("/%F5%80%80%80", PATHNORM_BAD_UTF8),
	BAD("/%FF", PATHNORM_BAD_UTF8),
	BAD("/%FE", PATHNORM_BAD_UTF8),
	BAD("/%80", PATHNORM_BAD_UTF8),
	BAD("/a%BF", PATHNORM_BAD_UTF8),
	BAD("/%E2%80", PATHNORM_BAD_UTF8),
	BAD("/%E2%80/", PATHNORM_BAD_UTF8),
	BAD("/%C3", PATHNORM_BAD_UTF8),
	BAD("/%C3%C3%A9", PATHNORM_BAD_UTF8),
	BAD("/%C3/%A9", PATHNORM_BAD_UTF8),
	BAD("/%C3%A9%A9", PATHNORM_BAD_UTF8),
	BAD("/%F0%9F%98", PATHNORM_BAD_UTF8),
	BAD("/\xc0\xaf", PATHNORM_BAD_UTF8),
	BAD("/\xff", PATHNORM_BAD_UTF8),
	BAD("/\xe2\x80", PATHNORM_BAD_UTF8),
	BAD("/\xed\xa0\x80", PATHNORM_BAD_UTF8),
	/* not a path */
	BAD("", PATHNORM_EMPTY),
	BAD("a", PATHNORM_EMPTY),
	BAD("relative/path", PATHNORM_EMPTY),
	BAD("./a", PATHNORM_EMPTY),
	BAD("%2Fa", PATHNORM_EMPTY),
	BAD("\\a", PATHNORM_EMPTY),
	BAD(" /a", PATHNORM_EMPTY),
	BAD("\0/a", PATHNORM_EMPTY),
	/* the first fault from the left decides */
	BAD("/%00%", PATHNORM_BAD_BYTE),
	BAD("/%zz%00", PATHNORM_BAD_ESCAPE),
	BAD("/%FF%00", PATHNORM_BAD_UTF8),
	BAD("/%C3%00", PATHNORM_BAD_BYTE),
};

static const char *const st_names[PATHNORM__MAX] = {
	[PATHNORM_OK] = "OK",
	[PATHNORM_EMPTY] = "EMPTY",
	[PATHNORM_BAD_ESCAPE] = "BAD_ESCAPE",
	[PATHNORM_BAD_BYTE] = "BAD_BYTE",
	[PATHNORM_BAD_UTF8] = "BAD_UTF8",
	[PATHNORM_TOO_LONG] = "TOO_LONG",
};

/* show: s as a quoted literal fit for a TAP line: printable ASCII as is,
 * other bytes and '"', '\', '#' (TAP reads "# SKIP") as \xNN, cut after 60
 * bytes. Returns one of four static buffers, so a printf may use several. */
static const char *show(const char *s, size_t len)
{
	static char bufs[4][4 * 60 + 8];
	static unsigned int next;
	char *b = bufs[next++ % 4], *p = b;
	size_t i;

	*p++ = '"';
	for (i = 0; i < len && i < 60; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '#')
			p += sprintf(p, "\\x%02x", c);
		else
			*p++ = (char)c;
	}
	*p++ = '"';
	strcpy(p, i < len ? "..." : "");
	return b;
}

/* xmalloc: malloc(n), exactly n bytes (n may be 0), or the test stops. */
static void *xmalloc(size_t n)
{
	void *p = malloc(n);

	if (p == NULL && n > 0) {
		diag("out of memory");
		exit(99);
	}
	return p;
}

/* norm: path_normalize on an exact-size heap copy of in, into an exact-size
 * heap out that the caller frees. */
static enum pathnorm_status norm(const char *in, size_t len, char **out,
				 size_t *outlen)
{
	char *copy = xmalloc(len), *o = xmalloc(len + 1);
	enum pathnorm_status st;

	if (len > 0)
		memcpy(copy, in, len);
	st = path_normalize(copy, len, o, outlen);
	free(copy);
	*out = o;
	return st;
}

/* check: one TAP line: in must give status want, and key when that is OK. */
static void check(const char *name, const char *in, size_t len,
		  enum pathnorm_status want, const char *key, size_t keylen)
{
	enum pathnorm_status st;
	char *out;
	size_t n = (size_t)-1;
	int pass;

	st = norm(in, len, &out, &n);
	if (want == PATHNORM_OK)
		pass = st == want && n == keylen && memcmp(out, key, n) == 0 &&
		       out[n] == '\0';
	else
		pass = st == want && n == 0 && out[0] == '\0';
	if (!ok(pass, "%s", name)) {
		diag("got:  %s %s", st < PATHNORM__MAX ? st_names[st] : "?",
		     st == PATHNORM_OK ? show(out, n) : "");
		diag("want: %s %s", st_names[want], key ? show(key, keylen) : "");
	}
	free(out);
}

static void test_table(void)
{
	char name[512];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct ncase *c = &cases[i];

		snprintf(name, sizeof(name), "normalize %s -> %s",
			 show(c->in, c->len),
			 c->key ? show(c->key, strlen(c->key)) : st_names[c->st]);
		check(name, c->in, c->len, c->st, c->key,
		      c->key ? strlen(c->key) : 0);
	}
}

/* A generated string: each unit repeated n times, in order, up to a NULL. */
struct run {
	const char *unit;
	size_t n;
};

static char *build(const struct run *r, size_t nr, size_t *len)
{
	size_t i, j, u, total = 0;
	char *s, *p;

	for (i = 0; i < nr && r[i].unit != NULL; i++)
		total += strlen(r[i].unit) * r[i].n;
	s = xmalloc(total + 1);
	p = s;
	for (i = 0; i < nr && r[i].unit != NULL; i++) {
		u = strlen(r[i].unit);
		for (j = 0; j < r[i].n; j++, p += u)
			memcpy(p, r[i].unit, u);
	}
	*p = '\0';
	*len = total;
	return s;
}

/* Long and pathological paths: in must give want, and key when OK. */
struct gcase {
	const char *name;
	struct run in[3];
	enum pathnorm_status want;
	struct run key[2];
};

#define M PATHNORM_MAX
static const struct gcase gcases[] = {
	{ "PATHNORM_MAX bytes, one segment", { { "/", 1 }, { "a", M - 1 } },
	  PATHNORM_OK, { { "/", 1 }, { "a", M - 1 } } },
	{ "PATHNORM_MAX + 1 bytes", { { "/", 1 }, { "a", M } },
	  PATHNORM_TOO_LONG, { { NULL, 0 } } },
	{ "PATHNORM_MAX bytes of \"/a\" (4096 segments)", { { "/a", M / 2 } },
	  PATHNORM_OK, { { "/a", M / 2 } } },
	{ "10000 \"/a\" segments (20000 bytes)", { { "/a", 10000 } },
	  PATHNORM_TOO_LONG, { { NULL, 0 } } },
	{ "4000 \"/..\" segments (12000 bytes)", { { "/..", 4000 } },
	  PATHNORM_TOO_LONG, { { NULL, 0 } } },
	{ "2730 \"/..\" segments (8190 bytes)", { { "/..", 2730 } },
	  PATHNORM_OK, { { "/", 1 } } },
	{ "1638 \"/./..\"", { { "/./..", 1638 } },
	  PATHNORM_OK, { { "/", 1 } } },
	{ "1170 \"/%2e%2e\"", { { "/%2e%2e", 1170 } },
	  PATHNORM_OK, { { "/", 1 } } },
	{ "PATHNORM_MAX slashes", { { "/", M } },
	  PATHNORM_OK, { { "/", 1 } } },
	{ "a 4000-byte segment then 1000 \"/..\"",
	  { { "/", 1 }, { "x", 4000 }, { "/..", 1000 } },
	  PATHNORM_OK, { { "/", 1 } } },
	{ "2000 \"/a\" then 1000 \"/..\"", { { "/a", 2000 }, { "/..", 1000 } },
	  PATHNORM_OK, { { "/a", 1000 } } },
	{ "1600 \"/a\" then 1599 \"/..\"", { { "/a", 1600 }, { "/..", 1599 } },
	  PATHNORM_OK, { { "/a", 1 } } },
	{ "1170 \"/%C3%A9\"", { { "/%C3%A9", 1170 } },
	  PATHNORM_OK, { { "/\xc3\xa9", 1170 } } },
	{ "PATHNORM_MAX bytes ending in '%'",
	  { { "/", 1 }, { "a", M - 2 }, { "%", 1 } },
	  PATHNORM_BAD_ESCAPE, { { NULL, 0 } } },
	{ "PATHNORM_MAX bytes ending in \"%4\"",
	  { { "/", 1 }, { "a", M - 3 }, { "%4", 1 } },
	  PATHNORM_BAD_ESCAPE, { { NULL, 0 } } },
	{ "PATHNORM_MAX bytes ending in \"%E2%80\"",
	  { { "/", 1 }, { "a", M - 7 }, { "%E2%80", 1 } },
	  PATHNORM_BAD_UTF8, { { NULL, 0 } } },
};
#undef M

static void test_generated(void)
{
	size_t i, len, keylen = 0;
	char *in, *key;

	for (i = 0; i < sizeof(gcases) / sizeof(gcases[0]); i++) {
		const struct gcase *g = &gcases[i];

		in = build(g->in, 3, &len);
		key = build(g->key, 2, &keylen);
		check(g->name, in, len, g->want,
		      g->want == PATHNORM_OK ? key : NULL, keylen);
		free(in);
		free(key);
	}
}

/* The length check comes before any byte is read: in may be NULL. */
static void test_no_read(void)
{
	static char out[PATHNORM_MAX + 2];
	size_t n = 1;

	is_int(path_normalize(NULL, PATHNORM_MAX + 1, out, &n),
	       PATHNORM_TOO_LONG, "normalize NULL, PATHNORM_MAX + 1 -> TOO_LONG");
	is_int(path_normalize(NULL, SIZE_MAX, out, &n), PATHNORM_TOO_LONG,
	       "normalize NULL, SIZE_MAX -> TOO_LONG");
	is_int(path_normalize(NULL, 0, out, &n), PATHNORM_EMPTY,
	       "normalize NULL, 0 -> EMPTY");
	ok(n == 0 && out[0] == '\0', "a refusal leaves out \"\" and *outlen 0");
}

struct ecase {
	const char *in;
	size_t len;
	const char *url;
};

#define ENC(in, url)	{ in, sizeof(in) - 1, url }

static const struct ecase ecases[] = {
	ENC("", ""),
	ENC("/", "/"),
	ENC("/blog/x", "/blog/x"),
	ENC("/a b", "/a%20b"),
	ENC("/\xc3\xa9t\xc3\xa9", "/%C3%A9t%C3%A9"),
	ENC("/%", "/%25"),
	ENC("/%2e", "/%252e"),
	ENC("/a?b#c", "/a%3Fb%23c"),
	ENC("/AZaz09-._~!$&'()*+,;=:@", "/AZaz09-._~!$&'()*+,;=:@"),
	ENC("/\"<>\\^`{|}", "/%22%3C%3E%5C%5E%60%7B%7C%7D"),
	ENC("\x01\x1f\x7f\x80\xff", "%01%1F%7F%80%FF"),
	ENC("a\0b", "a%00b"),
	ENC("/fr/2018/02/cloudops-mise-sur-lannee-2018\xe2\x80\x89-voici",
	    "/fr/2018/02/cloudops-mise-sur-lannee-2018%E2%80%89-voici"),
};

static void test_encode(void)
{
	char out[256], name[512];
	size_t i, n;

	for (i = 0; i < sizeof(ecases) / sizeof(ecases[0]); i++) {
		const struct ecase *e = &ecases[i];

		n = path_encode(e->in, e->len, out, sizeof(out));
		snprintf(name, sizeof(name), "encode %s -> %s",
			 show(e->in, e->len), show(e->url, strlen(e->url)));
		ok(n == strlen(e->url) && strcmp(out, e->url) == 0, "%s", name);
	}
}

/* Truncation: what "/a b" (6 bytes encoded) leaves in a buffer of cap. */
static void test_encode_cap(void)
{
	static const char *const want[] = {
		NULL, "", "/", "/a", "/a", "/a", "/a%20", "/a%20b", "/a%20b",
	};
	char buf[16];
	size_t cap, n, i;
	int pass;

	for (cap = 0; cap < sizeof(want) / sizeof(want[0]); cap++) {
		memset(buf, 'Z', sizeof(buf));
		n = path_encode("/a b", 4, buf, cap);
		pass = n == 6 && (cap == 0 || strcmp(buf, want[cap]) == 0);
		for (i = cap == 0 ? 0 : strlen(want[cap]) + 1; i < sizeof(buf); i++)
			pass &= buf[i] == 'Z';
		ok(pass, "encode \"/a b\" with cap %zu -> 6, %s", cap,
		   cap == 0 ? "nothing written" : show(want[cap], strlen(want[cap])));
	}
	is_int((long long)path_encode("/\xc3\xa9", 3, NULL, 0), 7,
	       "encode \"/\\xc3\\xa9\" with NULL, cap 0 -> 7");
}

static void test_strerror(void)
{
	int i, j, distinct = 1, named = 1;

	for (i = 0; i < PATHNORM__MAX; i++) {
		const char *s = pathnorm_strerror((enum pathnorm_status)i);

		named &= s != NULL && *s != '\0' &&
			 strcmp(s, "unknown path status") != 0;
		for (j = 0; j < i; j++)
			distinct &= strcmp(s, pathnorm_strerror(
					   (enum pathnorm_status)j)) != 0;
	}
	ok(named, "pathnorm_strerror names every status");
	ok(distinct, "pathnorm_strerror names are distinct");
	is_str(pathnorm_strerror(PATHNORM__MAX), "unknown path status",
	       "pathnorm_strerror(PATHNORM__MAX) is safe");
	is_str(pathnorm_strerror((enum pathnorm_status)(PATHNORM__MAX + 1)),
	       "unknown path status", "pathnorm_strerror(PATHNORM__MAX + 1) is safe");
}

/* ref_utf8: RFC 3629 by decoding code points (unlike utf8_step's ranges). */
static int ref_utf8(const unsigned char *s, size_t n)
{
	static const unsigned long least[] = { 0, 0x80, 0x800, 0x10000 };
	size_t i = 0, j, k;
	unsigned long cp;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0)
			k = 1;
		else if ((s[i] & 0xf0) == 0xe0)
			k = 2;
		else if ((s[i] & 0xf8) == 0xf0)
			k = 3;
		else
			return 0;
		cp = s[i] & (0x3fu >> k);
		if (n - i <= k)
			return 0;
		for (j = 1; j <= k; j++) {
			if ((s[i + j] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + j] & 0x3f);
		}
		if (cp < least[k] || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += k + 1;
	}
	return 1;
}

/* ref_decode: percent-decode in to dec, folding runs of '/'. Returns the
 * length, or (size_t)-1 for a bad escape or a control byte. */
static size_t ref_decode(const char *in, size_t len, char *dec)
{
	static const char xdigits[] = "0123456789abcdefABCDEF";
	char hex[3] = { 0, 0, 0 };
	size_t i, n = 0;
	int c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)in[i];
		if (c == '%') {
			if (i + 2 >= len || !in[i + 1] || !in[i + 2] ||
			    !strchr(xdigits, in[i + 1]) ||
			    !strchr(xdigits, in[i + 2]))
				return (size_t)-1;
			memcpy(hex, in + i + 1, 2);
			c = (int)strtol(hex, NULL, 16);
			i += 2;
		}
		if (c < 0x20 || c == 0x7f)
			return (size_t)-1;
		if (c != '/' || n == 0 || dec[n - 1] != '/')
			dec[n++] = (char)c;
	}
	return n;
}

/* ref_pop: remove the last segment of out and the '/' before it. */
static size_t ref_pop(const char *out, size_t o)
{
	while (o > 0 && out[o - 1] != '/')
		o--;
	return o > 0 ? o - 1 : 0;
}

/* ref_remove_dots: RFC 3986 5.2.4 step by step; steps A and D cannot apply
 * since the input starts with '/'. */
static size_t ref_remove_dots(const char *s, size_t n, char *out)
{
	size_t o = 0, k;

	while (n > 0) {
		if (n >= 3 && memcmp(s, "/./", 3) == 0) {
			k = 2;		/* B: "/./" becomes "/" */
		} else if (n == 2 && memcmp(s, "/.", 2) == 0) {
			n = 1;		/* B: "/." becomes "/" */
			s = "/";
			continue;
		} else if (n >= 4 && memcmp(s, "/../", 4) == 0) {
			k = 3;		/* C: "/../" becomes "/" */
			o = ref_pop(out, o);
		} else if (n == 3 && memcmp(s, "/..", 3) == 0) {
			n = 1;		/* C: "/.." becomes "/" */
			s = "/";
			o = ref_pop(out, o);
			continue;
		} else {
			for (k = 1; k < n && s[k] != '/'; k++)
				;	/* E: move "/segment" to out */
			memcpy(out + o, s, k);
			o += k;
		}
		s += k;
		n -= k;
	}
	return o;
}

/* ref_normalize: a slow second opinion written from the rules, not from
 * pathnorm.c. out holds len + 1 bytes. Returns 1 with the key, or 0. */
static int ref_normalize(const char *in, size_t len, char *out, size_t *outlen)
{
	char *dec = xmalloc(len + 1);
	size_t n = (size_t)-1, o;
	int good;

	if (len > 0 && len <= PATHNORM_MAX && in[0] == '/')
		n = ref_decode(in, len, dec);
	good = n != (size_t)-1 && ref_utf8((unsigned char *)dec, n);
	if (good) {
		o = ref_remove_dots(dec, n, out);
		if (o > 1 && out[o - 1] == '/')
			o--;
		out[o] = '\0';
		*outlen = o;
	}
	free(dec);
	return good;
}

/* is_normal: k has the shape of a key: "/" or '/'-led non-empty segments,
 * none "." or "..", no trailing '/', no control byte, valid UTF-8. */
static int is_normal(const char *k, size_t n)
{
	size_t i, seg = 1;

	if (n == 0 || k[0] != '/' || strlen(k) != n)
		return 0;
	if (n == 1)
		return 1;
	for (i = 1; i <= n; i++) {
		if (i < n && k[i] != '/') {
			if ((unsigned char)k[i] < 0x20 || k[i] == 0x7f)
				return 0;
			continue;
		}
		if (i == seg || (i - seg == 1 && k[seg] == '.') ||
		    (i - seg == 2 && k[seg] == '.' && k[seg + 1] == '.'))
			return 0;
		seg = i + 1;
	}
	return ref_utf8((const unsigned char *)k, n);
}

static uint32_t rng = 20240229;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* gen: a random raw path in buf (512 bytes). One in four is '/' and any
 * bytes at all; the rest are tokens that exercise the rules, taken half the
 * time from the clean ones only (so that enough paths pass) and otherwise
 * from all, with raw bytes of any value among them. */
static size_t gen(char *buf)
{
	static const char *const tokens[] = {
		"/", "/", "/", "/", ".", "..", ".", "..", "a", "b", "~", " ",
		"?", "\\", "%2e", "%2E", "%2f", "%2F", "%25", "%41", "%C3%A9",
		"\xc3\xa9", "%E2%80%89", "%F0%9F%98%80",
		/* the rest are bad, or bad unless the next token fits */
		"%E2%80", "%89", "\xe2\x80", "%", "%4", "%zz", "%00", "%0a",
		"\n", "%ff", "\xff", "%7F",
	};
	const size_t nclean = 24, nall = sizeof(tokens) / sizeof(tokens[0]);
	size_t n = 0, i, tlen, pick = rnd() % 2 ? nclean : nall;
	const char *t;

	buf[n++] = rnd() % 10 ? '/' : 'a';
	if (rnd() % 4 == 0) {
		for (i = rnd() % 16; i > 0; i--)
			buf[n++] = (char)(rnd() & 0xff);
		return n;
	}
	for (i = 1 + rnd() % 24; i > 0; i--) {
		if (pick == nall && rnd() % 16 == 0) {
			buf[n++] = (char)(rnd() & 0xff);
			continue;
		}
		t = tokens[rnd() % pick];
		tlen = strlen(t);
		memcpy(buf + n, t, tlen);
		n += tlen;
	}
	return n;
}

/* is_url: u has only pchar, '/' and "%XX" with upper-case hex. */
static int is_url(const char *u, size_t n)
{
	static const char plain[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		"abcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/";
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		if (u[i] == '%') {
			if (n - i < 3 || !u[i + 1] || !strchr(hex, u[i + 1]) ||
			    !u[i + 2] || !strchr(hex, u[i + 2]))
				return 0;
			i += 2;
		} else if (!u[i] || !strchr(plain, u[i]))
			return 0;
	}
	return 1;
}

/* A property over the random paths: how many broke it, the first few shown. */
struct prop {
	const char *name;
	unsigned long broken;
};

static void broke(struct prop *p, const char *in, size_t len)
{
	if (++p->broken <= 3)
		diag("%s: broken by %s", p->name, show(in, len));
}

/* same: normalize(in) is OK and gives exactly k. */
static int same(const char *in, size_t len, const char *k, size_t n)
{
	char *out;
	size_t outlen;
	int yes;

	yes = norm(in, len, &out, &outlen) == PATHNORM_OK && outlen == n &&
	      memcmp(out, k, n) == 0;
	free(out);
	return yes;
}

/* check_key: the properties of one accepted path, whose key is k. */
static void check_key(struct prop *props, const char *in, size_t len,
		      const char *k, size_t n)
{
	size_t ulen = path_encode(k, n, NULL, 0);
	char *url = xmalloc(ulen + 1);

	if (!is_normal(k, n) || n > len)
		broke(&props[1], in, len);
	/* A key with a '%' in it is not a raw path: "/%2541" gives "/%41",
	 * which gives "/A". Keys go back through encode first. */
	if (memchr(k, '%', n) == NULL && !same(k, n, k, n))
		broke(&props[2], in, len);
	if (path_encode(k, n, url, ulen + 1) != ulen ||
	    strlen(url) != ulen || ulen > 3 * n || !is_url(url, ulen))
		broke(&props[3], in, len);
	else if (!same(url, ulen, k, n))
		broke(&props[4], in, len);
	free(url);
}

static void test_random(void)
{
	struct prop props[] = {
		{ "agrees with the RFC 3986 reference", 0 },
		{ "keys are in normal form, no longer than the path", 0 },
		{ "normalize is idempotent on keys without '%'", 0 },
		{ "encode gives a clean URL path of the length it returns", 0 },
		{ "normalize(encode(k)) == k", 0 },
	};
	enum { TRIES = 5000 };
	char in[512], ref[512], *k;
	size_t len, n, refn, i;
	unsigned long tries, good = 0;
	enum pathnorm_status st;
	int refgood;

	for (tries = 0; tries < TRIES; tries++) {
		len = gen(in);
		st = norm(in, len, &k, &n);
		refgood = ref_normalize(in, len, ref, &refn);
		if (refgood != (st == PATHNORM_OK) ||
		    (refgood && (n != refn || memcmp(k, ref, n) != 0)))
			broke(&props[0], in, len);
		if (st == PATHNORM_OK) {
			good++;
			check_key(props, in, len, k, n);
		}
		free(k);
	}
	ok(good >= 300, "random: %lu of %d paths normalise OK (want >= 300)",
	   good, TRIES);
	for (i = 0; i < sizeof(props) / sizeof(props[0]); i++)
		ok(props[i].broken == 0, "random: %s (%lu broken)",
		   props[i].name, props[i].broken);
}

int main(void)
{
	test_table();
	test_generated();
	test_no_read();
	test_encode();
	test_encode_cap();
	test_strerror();
	test_random();
	return tap_done();
}
