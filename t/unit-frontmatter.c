/* t/unit-frontmatter.c: the front-matter parser and date reader, case by
 * case (TAP). Problems are printed to stderr by diag.c; here we check the
 * parse result and the error count. */
#include "../src/diag.h"
#include "../src/frontmatter.h"
#include "../src/yamlutil.h"
#include "tap.h"

static int parse(const char *text, struct page_src *p, struct diag *d)
{
	memset(d, 0, sizeof *d);
	return frontmatter_parse("t.md", text, strlen(text), p, d);
}

static void test_dates(void)
{
	static const struct {
		const char *in;
		long long want;	/* -1: refused */
	} cases[] = {
		{"2019-03-08", 1552003200},
		{"2019-03-08T10:00:00Z", 1552039200},
		{"2019-03-08T10:00:00", 1552039200},
		{"2019-03-08 10:00:00", 1552039200},
		{"2019-03-08T10:00:00+02:00", 1552032000},
		{"2019-03-08T10:00:00-0130", 1552044600},
		{"2019-03-08T10:00:00.123Z", 1552039200},
		{"1970-01-01", 0},
		{"2019-13-01", -1},
		{"2019-02-30x", -1},
		{"2019-02-31", -1},	/* was 2019-03-03 through timegm */
		{"2019-04-31T10:00:00Z", -1},
		{"2019-02-29", -1},
		{"2020-02-29", 1582934400},
		{"1900-02-29", -1},
		{"2000-02-29", 951782400},
		{"2016-12-31T23:59:60Z", 1483228800},	/* a leap second */
		{"19-03-08", -1},
		{"March 8, 2019", -1},
		{"", -1},
		{"2019-03-08T25:00:00", -1},
		{"2019-03-08T10:00:00+2", -1},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t t = -1;
		int rc = parse_date(cases[i].in, &t);
		char name[80];

		snprintf(name, sizeof name, "date '%s'", cases[i].in);
		is_int(rc < 0 ? -1 : t, cases[i].want, name);
	}
}

static void test_yaml(void)
{
	struct page_src p;
	struct diag d;

	is_int(parse("---\nTitle: \"Hi <there>\"\nDATE: 2019-03-08\n"
		     "lastmod: '2020-01-01'\nauthor: Ann\nslug: /x\n"
		     "aliases:\n  - /a/\n  - b\nresources:\n- name: t\n"
		     "class_name: blog post\ncount: 3\ntags: [a, b]\n---\n"
		     "Body\nline 2\n", &p, &d), 0, "full front matter parses");
	is_str(p.title.s, "Hi <there>", "keys are case-insensitive");
	is_int(p.title.line, 2, "title line");
	is_int(p.has_date[FM_DATE], 1, "date read");
	is_int(p.dates[FM_LASTMOD], 1577836800, "quoted lastmod read");
	is_str(p.slug.s, "/x", "slug kept as written");
	is_int(p.nalias, 2, "two aliases");
	is_str(p.nalias > 1 ? p.aliases[1].s : "", "b", "second alias");
	is_int(p.nalias > 1 ? p.aliases[1].line : 0, 9, "alias line");
	is_int(p.nalias > 1 ? p.aliases[1].col : 0, 5, "alias column");
	is_str(frontmatter_param(&p, "class_name"), "blog post", "other scalar kept");
	is_str(frontmatter_param(&p, "count"), "3", "number kept as text");
	ok(frontmatter_param(&p, "tags") == NULL, "lists are not layout fields");
	ok(frontmatter_list(&p, "tags") != NULL &&
	   frontmatter_list(&p, "tags")->n == 2, "a list kept for taxonomies");
	is_str(frontmatter_list(&p, "tags") ? frontmatter_list(&p, "tags")->vals[1]
	       : "", "b", "its second value");
	is_mem(p.body, p.body_len, "Body\nline 2\n", 12, "body after the fence");
	is_int(p.body_line, 16, "body line");
	frontmatter_free(&p);

	is_int(parse("---\naliases:\n---\n", &p, &d), 0, "empty aliases key");
	is_int(p.nalias, 0, "empty aliases: none");
	frontmatter_free(&p);
	is_int(parse("---\naliases: \n---\n", &p, &d), 0, "aliases with a trailing space");
	frontmatter_free(&p);
	is_int(parse("---\naliases: /one/\n---\n", &p, &d), 0, "aliases as one string");
	is_int(p.nalias, 1, "one string: one alias");
	frontmatter_free(&p);
	is_int(parse("---\r\ntitle: crlf\r\n---\r\nx", &p, &d), 0, "CRLF fences");
	is_str(p.title.s, "crlf", "CRLF title");
	frontmatter_free(&p);
	is_int(parse("\xEF\xBB\xBF---\ntitle: bom\n---\n", &p, &d), 0, "byte-order mark");
	is_str(p.title.s, "bom", "title after a BOM");
	frontmatter_free(&p);
	is_int(parse("---\n---\nonly body", &p, &d), 0, "empty front matter");
	frontmatter_free(&p);
	is_int(parse("no front matter\n", &p, &d), 0, "no front matter");
	is_int(p.body_len, 16, "whole file is the body");
	frontmatter_free(&p);
	is_int(parse("---\ndraft: yes\n---\n", &p, &d), 0, "draft yes");
	is_int(p.draft, 1, "draft is set");
	frontmatter_free(&p);
	is_int(parse("---\ntitle: a\ndate: 2019-01-01\n...\nbody", &p, &d), 0,
	       "'...' closes front matter too");
	frontmatter_free(&p);
}

static void test_json_and_errors(void)
{
	struct page_src p;
	struct diag d;

	is_int(parse("{\n \"title\": \"J}son\",\n \"aliases\": [\"/j/\"]\n}\nbody",
		     &p, &d), 0, "JSON front matter");
	is_str(p.title.s, "J}son", "JSON string with a brace");
	is_mem(p.body, p.body_len, "body", 4, "JSON body");
	frontmatter_free(&p);

	static const char *const bad[] = {
		"---\ntitle: [unclosed\n---\n",
		"---\naliases: 42\n---\n",
		"---\naliases: {a: b}\n---\n",
		"---\naliases: [1.5]\n---\n",
		"---\ntitle: {a: b}\n---\n",
		"---\ndraft: maybe\n---\n",
		"---\ndate: yesterday\n---\n",
		"---\n- a list\n---\n",
		"---\ntitle: x\n",
		"{\"title\": \"x\"\n",
		"+++\ntitle = 'x\n+++\n",
		"+++\ntitle = 'x'\n",
		"+++\ndate = 07:32:00\n+++\n",
		"+++\ndraft = \"maybe\"\n+++\n",
		"+++\naliases = 7\n+++\n",
		"---\ntitle: x\n---\n\xC3\x28",
		"---\ntitle: x\n---\na\0b",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char name[64];
		size_t len = strlen(bad[i]) +
			     (i == sizeof bad / sizeof bad[0] - 1 ? 2 : 0);

		memset(&d, 0, sizeof d);
		snprintf(name, sizeof name, "bad front matter %zu is refused", i);
		ok(frontmatter_parse("t.md", bad[i], len, &p, &d) < 0 &&
			   d.errors > 0, "%s", name);
		frontmatter_free(&p);
	}
}

/* TOML front matter (+++) means what the same keys mean in YAML. */
static void test_toml(void)
{
	struct page_src p;
	struct diag d;

	is_int(parse("+++\nTitle = \"Hi <there>\"\ndate = 2019-03-08T10:00:00Z\n"
		     "lastmod = 2020-01-01\npublishDate = 2019-03-08T12:00:00\n"
		     "slug = '/x'\nurl = \"/u/\"\ntranslationKey = \"k\"\n"
		     "draft = false\nweight = 0x10\nratio = 1.5e0\n"
		     "aliases = [\"/a/\",\n  'b', # a comment\n]\n"
		     "tags = [\"a\", \"b\"]\n[params]\nx = 1\n+++\n"
		     "Body\r\n", &p, &d), 0, "TOML: full front matter parses");
	is_str(p.title.s, "Hi <there>", "TOML: keys are case-insensitive");
	is_int(p.title.line, 2, "TOML: title line (file line)");
	is_int(p.title.col, 9, "TOML: title column");
	is_int(p.dates[FM_DATE], 1552039200, "TOML: offset date-time");
	is_str(p.date_text[FM_DATE].s, "2019-03-08T10:00:00Z", "TOML: date text");
	is_int(p.dates[FM_LASTMOD], 1577836800, "TOML: local date");
	is_int(p.dates[FM_PUBLISHDATE], 1552046400, "TOML: local date-time is UTC");
	is_str(p.slug.s, "/x", "TOML: literal string");
	is_str(p.url.s, "/u/", "TOML: url");
	is_str(p.translation_key.s, "k", "TOML: translationKey");
	is_int(p.draft, 0, "TOML: draft false");
	is_int(p.nalias, 2, "TOML: two aliases");
	is_str(p.nalias > 1 ? p.aliases[1].s : "", "b", "TOML: second alias");
	is_int(p.nalias > 1 ? p.aliases[1].line : 0, 13, "TOML: alias line");
	is_int(p.nalias > 1 ? p.aliases[1].col : 0, 3, "TOML: alias column");
	is_str(frontmatter_param(&p, "weight"), "16", "TOML: integer kept as decimal");
	is_str(frontmatter_param(&p, "ratio"), "1.5", "TOML: float kept as text");
	ok(frontmatter_param(&p, "tags") == NULL, "TOML: lists are not layout fields");
	is_str(frontmatter_list(&p, "tags") ? frontmatter_list(&p, "tags")->vals[0]
	       : "", "a", "TOML: a list kept for taxonomies");
	ok(frontmatter_param(&p, "x") == NULL, "TOML: tables are not layout fields");
	is_mem(p.body, p.body_len, "Body\r\n", 6, "TOML: body after the fence");
	is_int(p.body_line, 19, "TOML: body line");
	frontmatter_free(&p);

	is_int(parse("+++\r\ndraft = true\r\n+++\r\nx", &p, &d), 0, "TOML: CRLF");
	is_int(p.draft, 1, "TOML: draft true");
	frontmatter_free(&p);
	is_int(parse("+++\n+++\nonly body", &p, &d), 0, "TOML: empty front matter");
	is_mem(p.body, p.body_len, "only body", 9, "TOML: empty, body");
	frontmatter_free(&p);
	is_int(parse("+++\ndate = 1979-05-27 07:32:00.999-07:00\n+++\n", &p, &d),
	       0, "TOML: date-time with a space, a fraction and an offset");
	is_int(p.dates[FM_DATE], 296663520, "TOML: that instant (14:32 UTC)");
	frontmatter_free(&p);
}

/* A malformed TOML front matter names the file's line and column. */
static void test_toml_errors(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"+++\ntitle = \"x\"\ntitle = \"y\"\n+++\n",
		 "t.md:3:1: error: malformed TOML: key 'title' is defined twice"},
		{"+++\ntitle = \"x\"\n\ndate = 2019-02-29\n+++\n",
		 "t.md:4:8: error: malformed TOML: not a valid date"},
		{"+++\naliases = [\"/a/\" \"/b/\"]\n+++\n",
		 "t.md:2:18: error: malformed TOML: ',' or ']' is expected"},
		{"+++\ndate = 07:32:00\n+++\n",
		 "t.md:2:8: error: date: not a date"},
		{"+++\ntitle = 'x'\n",
		 "t.md:1:1: error: front matter opened with +++ is never closed"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct page_src p;
		struct diag d = {.hold = 1};
		const char *in = cases[i].in;

		ok(frontmatter_parse("t.md", in, strlen(in), &p, &d) < 0 &&
		   d.held != NULL &&
		   strncmp(d.held, cases[i].want, strlen(cases[i].want)) == 0,
		   "TOML error %zu: %s", i, cases[i].want);
		if (d.held != NULL)
			diag("%s", d.held);
		frontmatter_free(&p);
		diag_free(&d);
	}
}

/* _build: render never/false/link leaves the page out, list never/local
 * out of lists; anything else is an error at the value. */
static void test_build(void)
{
	static const struct {
		const char *in;
		int rc, unrendered, unlisted;
	} cases[] = {
		{"---\n_build:\n  render: never\n---\n", 0, 1, 0},
		{"---\n_build:\n  render: false\n---\n", 0, 1, 0},
		{"---\n_build:\n  render: link\n---\n", 0, 1, 0},
		{"---\n_build:\n  render: always\n  list: never\n---\n", 0, 0, 1},
		{"+++\n[_build]\nlist = 'local'\npublishResources = false\n+++\n",
		 0, 0, 1},
		{"---\n_build:\n  list: true\n---\n", 0, 0, 0},
		{"---\n_build:\n  render: sometimes\n---\n", -1, 0, 0},
		{"---\n_build: never\n---\n", -1, 0, 0},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct page_src p;
		struct diag d = {.hold = 1};
		const char *in = cases[i].in;
		int rc = frontmatter_parse("t.md", in, strlen(in), &p, &d);

		ok(rc == cases[i].rc && (rc < 0 ||
		   (p.unrendered == cases[i].unrendered &&
		    p.unlisted == cases[i].unlisted && d.warnings == 0)),
		   "_build case %zu", i);
		frontmatter_free(&p);
		diag_free(&d);
	}
}

/* Keys Hugo renders or routes by and slugindex ignores: a warning each,
 * at the key, in YAML and TOML; the page still parses. */
static void test_unapplied(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"---\ntitle: x\noutputs: [html, json]\n---\n",
		 "t.md:3:1: warning: outputs: ignored: Hugo would also write"},
		{"---\nLayout: wide\n---\n",
		 "t.md:2:1: warning: layout: ignored: Hugo would pick the "
		 "template"},
		{"+++\ntitle = 'x'\ntype = 'docs'\n+++\n",
		 "t.md:3:1: warning: type: ignored: Hugo would pick the template"},
		{"---\ncascade:\n  url: /x/\n---\n",
		 "t.md:2:1: warning: cascade: ignored: the front matter it gives"},
		{"---\nmarkup: asciidoc\n---\n",
		 "t.md:2:1: warning: markup: ignored: the page is read as "
		 "Markdown"},
		{"{\"sitemap\": {\"priority\": 0.5}}\n",
		 "t.md:1:2: warning: sitemap: ignored: per-page sitemap"},
		{"---\nweight: 3\n---\n",
		 "t.md:2:1: warning: weight: ignored: Hugo orders lists by weight"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct page_src p;
		struct diag d = {.hold = 1};
		const char *in = cases[i].in;

		ok(frontmatter_parse("t.md", in, strlen(in), &p, &d) == 0 &&
		   d.warnings == 1 && d.held != NULL &&
		   strncmp(d.held, cases[i].want, strlen(cases[i].want)) == 0,
		   "ignored key %zu: %s", i, cases[i].want);
		if (d.held != NULL)
			diag("%s", d.held);
		frontmatter_free(&p);
		diag_free(&d);
	}
}

int main(void)
{
	test_dates();
	test_yaml();
	test_json_and_errors();
	test_toml();
	test_toml_errors();
	test_unapplied();
	test_build();
	return tap_done();
}
