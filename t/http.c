/* t/http.c: unit test of src/http.c (head writer, HTTP-dates, If-None-Match,
 * query re-encoding), table-driven, printing TAP. */
#include "../src/http.h"
#include "../src/pathnorm.h"
#include "tap.h"

static struct http_head head;

static void test_head(void)
{
	static const struct {
		const char *name, *value;
		int ok;
	} cases[] = {
		{ "ETag", "\"abc\"", 0 },
		{ "Cache-Control", "max-age=60, public", 0 },
		/* one rule for every header value (http_value_safe):
		 * printable ASCII; slugserve never sends a tab, and RFC 9110
		 * 5.5 makes obs-text (bytes above 0x7e) obsolete */
		{ "X-Tab", "a\tb", -1 },
		{ "X-CR", "a\rb", -1 },
		{ "X-LF", "a\nSet-Cookie: x=1", -1 },
		{ "X-Ctl", "a\033b", -1 },
		{ "X-Del", "a\177", -1 },
		{ "Bad Name", "v", -1 },
		{ "Bad:Name", "v", -1 },
		{ "Bad\r\nName", "v", -1 },
		{ "", "v", -1 },
		{ "X-UTF8", "caf\xc3\xa9", -1 },
	};
	size_t i;

	diag("head writer");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc;

		http_head_start(&head, HTTP_OK);
		rc = http_header_str(&head, cases[i].name, cases[i].value);
		ok(rc == cases[i].ok, "header case %zu %s", i,
		   rc ? "refused" : "accepted");
		is_int(http_head_end(&head), cases[i].ok, "head end agrees");
	}
	/* a NUL inside a view is refused too */
	{
		struct slug_view v = { "a\0b", 3 };

		http_head_start(&head, HTTP_OK);
		is_int(http_header(&head, "X-Nul", &v, 1), -1, "NUL refused");
	}
	http_head_start(&head, HTTP_NOT_FOUND);
	http_header_u64(&head, "Content-Length", 0);
	http_header_u64(&head, "X-Big", UINT64_MAX);
	{
		struct slug_view parts[3] = { { "/a/", 3 }, { "?", 1 }, { "q=1", 3 } };

		http_header(&head, "Location", parts, 3);
	}
	http_head_end(&head);
	is_mem(head.buf, head.len,
	       "Status: 404 Not Found\r\nContent-Length: 0\r\n"
	       "X-Big: 18446744073709551615\r\nLocation: /a/?q=1\r\n\r\n",
	       strlen("Status: 404 Not Found\r\nContent-Length: 0\r\n"
		      "X-Big: 18446744073709551615\r\nLocation: /a/?q=1\r\n\r\n"),
	       "head bytes");
	/* too long: refused whole, head broken */
	{
		static char big[HTTP_HEAD_MAX];
		struct slug_view v = { big, sizeof(big) - 100 };

		memset(big, 'x', sizeof(big));
		http_head_start(&head, HTTP_OK);
		is_int(http_header(&head, "X-Big", &v, 1), 0, "just fits");
		is_int(http_header(&head, "X-More", &v, 1), -1, "overflow refused");
		is_int(head.broken, 1, "head broken");
		v.len = sizeof(big);
		http_head_start(&head, HTTP_OK);
		is_int(http_header(&head, "X-Big", &v, 1), -1, "too big refused");
	}
	for (i = 0; i < HTTP__MAX; i++)
		ok(http_statuses[i].code >= 200 && http_statuses[i].reason != NULL,
		   "status %zu in table", i);
}

static void test_dates(void)
{
	static const struct {
		const char *in;
		int rc;
		int64_t t;
	} cases[] = {
		{ "Sun, 06 Nov 1994 08:49:37 GMT", 0, 784111777 },
		{ "Sunday, 06-Nov-94 08:49:37 GMT", 0, 784111777 },
		{ "Sun Nov  6 08:49:37 1994", 0, 784111777 },
		{ "  Sun, 06 Nov 1994 08:49:37 GMT \t", 0, 784111777 },
		{ "Thu, 01 Jan 1970 00:00:00 GMT", 0, 0 },
		{ "Wed, 29 Feb 2012 12:00:00 GMT", 0, 1330516800 },
		{ "Sat, 01 Jan 2000 00:00:00 GMT", 0, 946684800 },
		{ "Fri, 31 Dec 1999 23:59:59 GMT", 0, 946684799 },
		{ "Thursday, 01-Jan-15 00:00:00 GMT", 0, 1420070400 },
		{ "Tue, 29 Feb 2011 12:00:00 GMT", -1, 0 },
		{ "Mon, 29 Feb 1900 12:00:00 GMT", -1, 0 },
		{ "Sun, 06 Nov 1994 08:49:37 UTC", -1, 0 },
		{ "Sun, 06 Nov 1994 24:00:00 GMT", -1, 0 },
		{ "Sun, 6 Nov 1994 08:49:37 GMT", -1, 0 },
		{ "Sun, 06 Foo 1994 08:49:37 GMT", -1, 0 },
		{ "Sun, 06 Nov 1994 08:49:37 GMTX", -1, 0 },
		{ "Sun, 06 Nov 1994 08:49:37", -1, 0 },
		{ "Sun, 00 Nov 1994 08:49:37 GMT", -1, 0 },
		{ "", -1, 0 },
		{ "garbage", -1, 0 },
		{ "Sun,", -1, 0 },
		{ "1994-11-06T08:49:37Z", -1, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t t = -12345;
		int rc = http_parse_date(cases[i].in, strlen(cases[i].in), &t);

		if (is_int(rc, cases[i].rc, cases[i].in) && rc == 0)
			is_int(t, cases[i].t, "time value");
		else if (rc != 0)
			is_int(t, -12345, "untouched on failure");
	}
	/* no read past len: a valid date cut short */
	{
		const char *s = "Sun, 06 Nov 1994 08:49:37 GMT";
		size_t n;
		int64_t t;
		int bad = 0;

		for (n = 0; n < strlen(s); n++)
			bad += http_parse_date(s, n, &t) == 0;
		is_int(bad, 0, "every prefix refused");
	}
}

static void test_etags(void)
{
	static const struct {
		const char *field, *etag;
		int match;
	} cases[] = {
		{ "\"abc\"", "\"abc\"", 1 },
		{ "W/\"abc\"", "\"abc\"", 1 },
		{ "\"abc\"", "W/\"abc\"", 1 },
		{ "\"x\", \"abc\"", "\"abc\"", 1 },
		{ "\"x\",W/\"abc\"", "\"abc\"", 1 },
		{ " , \"x\" ,, \"abc\" ", "\"abc\"", 1 },
		{ "*", "\"abc\"", 1 },
		{ "\"a,b\", \"c\"", "\"c\"", 1 },
		{ "\"a,b\"", "\"b\"", 0 },
		{ "\"abcd\"", "\"abc\"", 0 },
		{ "\"ab\"", "\"abc\"", 0 },
		{ "abc", "\"abc\"", 0 },
		{ "\"abc", "\"abc\"", 0 },
		{ "\"x\", junk, \"abc\"", "\"abc\"", 0 },
		{ "\"abc\", junk", "\"abc\"", 1 },
		{ "", "\"abc\"", 0 },
		{ "w/\"abc\"", "\"abc\"", 0 },
		{ "\"abc\"", "", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char name[128];

		snprintf(name, sizeof(name), "INM %s vs %s", cases[i].field,
			 cases[i].etag);
		is_int(http_etag_match(cases[i].field, strlen(cases[i].field),
				       cases[i].etag, strlen(cases[i].etag)),
		       cases[i].match, name);
	}
}

static void test_query(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "a=1&b=2", "a=1&b=2" },
		{ "q=caf%C3%A9", "q=caf%C3%A9" },
		{ "q=a b", "q=a%20b" },
		{ "q=%zz", "q=%25zz" },
		{ "q=%4", "q=%254" },
		{ "x=\r\nSet-Cookie:1", "x=%0D%0ASet-Cookie:1" },
		{ "<\">#`{|}\\^", "%3C%22%3E%23%60%7B%7C%7D%5C%5E" },
		{ "caf\xc3\xa9", "caf%C3%A9" },
		{ "p=/a?b", "p=/a?b" },
		{ "", "" },
	};
	char out[64];
	size_t i, n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = query_encode(cases[i].in, strlen(cases[i].in), out,
				      sizeof(out));
		is_int(n, strlen(cases[i].out), "query length");
		is_str(out, cases[i].out, "query re-encoded");
	}
	/* NUL in the middle, short buffers never cut an escape */
	n = query_encode("a\0b", 3, out, sizeof(out));
	is_str(out, "a%00b", "NUL encoded");
	n = query_encode("ab c", 4, out, 4);
	is_int(n, 6, "full length reported");
	is_str(out, "ab", "short buffer: clean prefix");
	n = query_encode("ab", 2, NULL, 0);
	is_int(n, 2, "cap 0");
}

int main(void)
{
	test_head();
	test_dates();
	test_etags();
	test_query();
	return tap_done();
}
