/* t/fcgi-record.c: the FastCGI record layer (src/fcgi_record.c, linked
 * from libslug.a): every record type, a request stream cut in two at
 * every byte and fed byte by byte, malformed records, name-value pairs
 * with 1- and 4-byte lengths, and the records a responder writes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "fcgi_record.h"

static unsigned char stream[4096];
static size_t stream_len;

static void add(const void *p, size_t n)
{
	memcpy(stream + stream_len, p, n);
	stream_len += n;
}

static void add_record(unsigned type, unsigned id, const void *c, size_t n,
		       size_t pad)
{
	unsigned char h[8], zero[255] = { 0 };

	fcgi_put_header(h, type, id, n, pad);
	add(h, 8);
	add(c, n);
	add(zero, pad);
}

/* The request stream: every record type a responder reads. */
static void build_stream(void)
{
	unsigned char begin[8] = { 0, FCGI_RESPONDER, FCGI_KEEP_CONN };
	unsigned char pairs[400];
	unsigned char longv[200];
	size_t k = 0;

	memset(longv, 'v', sizeof(longv));
	pairs[k++] = 11;
	pairs[k++] = 3;
	memcpy(pairs + k, "REQUEST_URI/a/", 14);
	k += 14;
	/* 4-byte value length */
	pairs[k++] = 1;
	pairs[k++] = 0x80;
	pairs[k++] = 0;
	pairs[k++] = 0;
	pairs[k++] = 200;
	pairs[k++] = 'X';
	memcpy(pairs + k, longv, 200);
	k += 200;
	stream_len = 0;
	add_record(FCGI_GET_VALUES, 0, "\016\000FCGI_MAX_CONNS", 16, 0);
	add_record(FCGI_BEGIN_REQUEST, 1, begin, 8, 0);
	add_record(FCGI_PARAMS, 1, pairs, 20, 4);	/* a pair cut in two */
	add_record(FCGI_PARAMS, 1, pairs + 20, k - 20, 3);
	add_record(FCGI_PARAMS, 1, "", 0, 0);
	add_record(FCGI_DATA, 1, "ignored", 7, 1);
	/* records only a responder sends: skipped, or unknown when id 0 */
	add_record(FCGI_STDOUT, 1, "ignored", 7, 1);
	add_record(FCGI_STDERR, 1, "ignored", 7, 1);
	add_record(FCGI_END_REQUEST, 1, "ignored!", 8, 0);
	add_record(FCGI_GET_VALUES_RESULT, 0, "", 0, 0);
	add_record(FCGI_UNKNOWN_TYPE, 0, "\001\0\0\0\0\0\0\0", 8, 0);
	add_record(200, 0, "xy", 2, 6);
	add_record(FCGI_STDIN, 1, "body", 4, 4);
	add_record(FCGI_STDIN, 1, "", 0, 0);
	add_record(FCGI_ABORT_REQUEST, 1, "", 0, 0);
	add_record(FCGI_BEGIN_REQUEST, 258, begin, 8, 8);
}

/* The log of events: stream pieces joined, so that any cut gives the
 * same text. */
static char log_buf[8192];
static size_t log_len;
static int last_kind = -1;

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_len += (size_t)vsnprintf(log_buf + log_len, sizeof(log_buf) - log_len,
				     fmt, ap);
	va_end(ap);
}

static void log_event(const struct fcgi_event *ev)
{
	int piece = (ev->kind == FCGI_EV_PARAMS || ev->kind == FCGI_EV_STDIN) &&
		    ev->len > 0;

	if (!(piece && last_kind == (int)ev->kind))
		logf_("\n%d/%u:", ev->kind, ev->id);
	last_kind = piece ? (int)ev->kind : -1;
	if (piece || ev->kind == FCGI_EV_GET_VALUES)
		logf_("%.*s", (int)ev->len, (const char *)ev->data);
	else if (ev->kind == FCGI_EV_BEGIN)
		logf_("role %u flags %u", ev->role, ev->flags);
	else if (ev->kind == FCGI_EV_UNKNOWN)
		logf_("type %u", ev->type);
	else if (ev->kind != FCGI_EV_MORE)
		logf_("end");
}

/* feed: give the parser buf[0..len), logging every event; returns -1
 * when it used bytes without an event or reported an event for none. */
static int feed(struct fcgi_parser *p, const unsigned char *buf, size_t len)
{
	struct fcgi_event ev;
	size_t used;

	for (;;) {
		fcgi_parse(p, buf, len, &used, &ev);
		if (ev.kind == FCGI_EV_MORE)
			return used == len ? 0 : -1;
		log_event(&ev);
		if (ev.kind == FCGI_EV_ERROR)
			return 0;
		buf += used;
		len -= used;
	}
}

static void reset_log(void)
{
	log_len = 0;
	log_buf[0] = '\0';
	last_kind = -1;
}

static void test_stream(void)
{
	struct fcgi_parser p;
	static char whole[8192];
	size_t cut, i;
	int bad = 0;

	build_stream();
	reset_log();
	fcgi_parser_init(&p);
	ok(feed(&p, stream, stream_len) == 0, "whole stream: every byte used");
	memcpy(whole, log_buf, log_len + 1);
	ok(strstr(whole, "\n1/1:role 1 flags 1") != NULL, "BEGIN_REQUEST: role, flags");
	ok(strstr(whole, "\n1/258:role 1 flags 1") != NULL, "BEGIN_REQUEST: 16-bit id, padding");
	ok(strstr(whole, "\n2/1:\013\003REQUEST_URI/a/") != NULL, "PARAMS: pieces across records");
	ok(strstr(whole, "\n2/1:end") != NULL, "PARAMS: empty record ends it");
	ok(strstr(whole, "\n3/1:body\n3/1:end") != NULL, "STDIN: data, then its end");
	ok(strstr(whole, "\n4/1:end") != NULL, "ABORT_REQUEST");
	ok(strstr(whole, "\n5/0:\016\000") != NULL || strstr(whole, "\n5/0:\016") != NULL,
	   "GET_VALUES: the query");
	ok(strstr(whole, "\n6/0:type 200") != NULL, "unknown management record");
	ok(strstr(whole, "ignored") == NULL, "DATA, STDOUT, STDERR, END_REQUEST skipped");
	ok(strstr(whole, "\n6/0:type 10\n6/0:type 11") != NULL,
	   "GET_VALUES_RESULT, UNKNOWN_TYPE from a client: unknown management records");
	for (cut = 0; cut <= stream_len; cut++) {
		reset_log();
		fcgi_parser_init(&p);
		if (feed(&p, stream, cut) || feed(&p, stream + cut, stream_len - cut) ||
		    strcmp(log_buf, whole) != 0) {
			bad++;
			diag("cut at %zu differs", cut);
		}
	}
	is_int(bad, 0, "stream cut in two at every byte: the same events");
	reset_log();
	fcgi_parser_init(&p);
	for (i = 0; i < stream_len; i++)
		feed(&p, stream + i, 1);
	ok(strcmp(log_buf, whole) == 0, "stream fed byte by byte: the same events");
}

/* parse_one: the first event of buf (after MOREs it is FCGI_EV_MORE). */
static enum fcgi_event_kind parse_one(const unsigned char *buf, size_t len)
{
	struct fcgi_parser p;
	struct fcgi_event ev;
	size_t used;

	fcgi_parser_init(&p);
	fcgi_parse(&p, buf, len, &used, &ev);
	return ev.kind;
}

static void test_malformed(void)
{
	unsigned char r[2048];
	struct fcgi_parser p;
	struct fcgi_event ev;
	size_t used;

	memset(r, 0, sizeof(r));
	fcgi_put_header(r, FCGI_BEGIN_REQUEST, 1, 8, 0);
	r[0] = 2;
	is_int(parse_one(r, 16), FCGI_EV_ERROR, "version 2: error");
	fcgi_parser_init(&p);
	fcgi_parse(&p, r, 16, &used, &ev);
	fcgi_put_header(r, FCGI_BEGIN_REQUEST, 1, 8, 0);
	fcgi_parse(&p, r, 16, &used, &ev);
	is_int(ev.kind, FCGI_EV_ERROR, "after an error, still an error");
	fcgi_put_header(r, FCGI_BEGIN_REQUEST, 1, 7, 1);
	is_int(parse_one(r, 16), FCGI_EV_ERROR, "BEGIN_REQUEST of 7 bytes: error");
	fcgi_put_header(r, FCGI_BEGIN_REQUEST, 1, 0, 0);
	is_int(parse_one(r, 8), FCGI_EV_ERROR, "BEGIN_REQUEST of 0 bytes: error");
	fcgi_put_header(r, FCGI_GET_VALUES, 0, FCGI_SMALL_MAX + 1, 0);
	is_int(parse_one(r, sizeof(r)), FCGI_EV_ERROR, "management record too long: error");
	fcgi_put_header(r, FCGI_ABORT_REQUEST, 1, FCGI_SMALL_MAX + 1, 0);
	is_int(parse_one(r, sizeof(r)), FCGI_EV_ERROR, "ABORT_REQUEST too long: error");
	fcgi_put_header(r, FCGI_PARAMS, 1, 100, 0);
	is_int(parse_one(r, 50), FCGI_EV_PARAMS, "a cut record: its first piece");
	is_int(parse_one(r, 5), FCGI_EV_MORE, "a cut header: more");
	is_int(parse_one(r, 0), FCGI_EV_MORE, "nothing: more");
}

static void test_pairs(void)
{
	static const unsigned char one[] = "\003\002abcde";
	static const unsigned char four[] = "\x80\x00\x00\x03\x80\x00\x00\x01" "abcX";
	struct fcgi_pair pr;
	size_t off = 0;

	ok(fcgi_pair_next(one, 7, &off, &pr) == 1 && pr.name_len == 3 &&
	   memcmp(pr.name, "abc", 3) == 0 && pr.value_len == 2 &&
	   memcmp(pr.value, "de", 2) == 0 && off == 7, "pair, 1-byte lengths");
	is_int(fcgi_pair_next(one, 7, &off, &pr), 0, "end of the pairs");
	off = 0;
	ok(fcgi_pair_next(four, 12, &off, &pr) == 1 && pr.name_len == 3 &&
	   pr.value_len == 1 && pr.value[0] == 'X', "pair, 4-byte lengths");
	off = 0;
	is_int(fcgi_pair_next(one, 6, &off, &pr), -1, "value cut: -1");
	is_int(off, 0, "value cut: offset unchanged");
	is_int(fcgi_pair_next(one, 1, &off, &pr), -1, "value length missing: -1");
	is_int(fcgi_pair_next(four, 3, &off, &pr), -1, "4-byte length cut: -1");
	is_int(fcgi_pair_next((const unsigned char *)"\x7f\x7f" "ab", 4, &off, &pr),
	       -1, "name longer than the rest: -1");
	is_int(fcgi_pair_next((const unsigned char *)"\xff\xff\xff\xff\x01" "ab", 7,
			      &off, &pr), -1, "31-bit name length: -1, no overflow");
	is_int(fcgi_pair_next((const unsigned char *)"\x01\xff\xff\xff\xff" "ab", 7,
			      &off, &pr), -1, "31-bit value length: -1, no overflow");
}

/* check_stdout: records for len bytes: sizes, padding, data back. */
static int check_stdout(size_t len)
{
	unsigned char *data = malloc(len + 1), *out;
	size_t n = fcgi_stdout_size(len), k = 0, got = 0, c, pad;
	int good = 1;

	out = malloc(n);
	for (c = 0; c < len; c++)
		data[c] = (unsigned char)(c * 7);
	good = fcgi_put_stdout(out, 9, data, len) == n;
	while (good && k < n) {
		c = (size_t)out[k + 4] << 8 | out[k + 5];
		pad = out[k + 6];
		good = out[k] == 1 && out[k + 1] == FCGI_STDOUT && out[k + 3] == 9 &&
		       (c + pad) % 8 == 0 && pad < 8 && c <= len - got &&
		       memcmp(out + k + 8, data + got, c) == 0 &&
		       (c > 0 || len == 0);
		got += c;
		k += 8 + c + pad;
	}
	free(data);
	free(out);
	return good && k == n && got == len;
}

static void test_writers(void)
{
	unsigned char b[64];
	static const unsigned char end[16] = { 1, 3, 0, 5, 0, 8, 0, 0,
					       0, 0, 1, 2, FCGI_UNKNOWN_ROLE };
	static const unsigned char unk[16] = { 1, 11, 0, 0, 0, 8, 0, 0, 200 };

	is_int(fcgi_put_end_request(b, 5, 258, FCGI_UNKNOWN_ROLE), 16, "END_REQUEST: 16 bytes");
	ok(memcmp(b, end, 16) == 0, "END_REQUEST: id, app status, protocol status");
	is_int(fcgi_put_unknown_type(b, 200), 16, "UNKNOWN_TYPE: 16 bytes");
	ok(memcmp(b, unk, 16) == 0, "UNKNOWN_TYPE: the type");
	is_int(fcgi_stdout_size(0), 8, "STDOUT end: a bare header");
	is_int(fcgi_stdout_size(1), 16, "STDOUT 1 byte: padded to 8");
	is_int(fcgi_stdout_size(65535), 65544, "STDOUT 65535 bytes: one record");
	is_int(fcgi_stdout_size(65536), 65544 + 16, "STDOUT 65536 bytes: two records");
	ok(check_stdout(0) && check_stdout(1) && check_stdout(8) && check_stdout(65535) &&
	   check_stdout(65536) && check_stdout(200000), "STDOUT records hold the data, padded");
}

static void test_get_values(void)
{
	static const unsigned char q[] = "\016\000FCGI_MAX_CONNS\015\000FCGI_MAX_REQS"
					 "\017\000FCGI_MPXS_CONNS\003\000FOO";
	struct fcgi_values v = { 64, 64 };
	unsigned char out[256];
	struct fcgi_pair pr;
	size_t n, off = 0, clen;
	char got[256];
	size_t g = 0;

	n = fcgi_put_get_values_result(out, sizeof(out), q, sizeof(q) - 1, &v);
	clen = (size_t)out[4] << 8 | out[5];
	ok(n > 8 && n % 8 == 0 && out[1] == FCGI_GET_VALUES_RESULT &&
	   out[2] == 0 && out[3] == 0 && n == 8 + clen + out[6], "GET_VALUES_RESULT: a padded record, id 0");
	while (fcgi_pair_next(out + 8, clen, &off, &pr) == 1)
		g += (size_t)snprintf(got + g, sizeof(got) - g, "%.*s=%.*s;",
				      (int)pr.name_len, (const char *)pr.name,
				      (int)pr.value_len, (const char *)pr.value);
	is_str(got, "FCGI_MAX_CONNS=64;FCGI_MAX_REQS=64;FCGI_MPXS_CONNS=0;",
	       "GET_VALUES_RESULT: the three values, unknown names left out");
	n = fcgi_put_get_values_result(out, sizeof(out), q, 0, &v);
	is_int(n, 8, "GET_VALUES with no names: an empty result");
	is_int(fcgi_put_get_values_result(out, sizeof(out), q, 5, &v), 0,
	       "GET_VALUES cut: no answer");
	is_int(fcgi_put_get_values_result(out, 20, q, sizeof(q) - 1, &v), 0,
	       "GET_VALUES_RESULT larger than the room: no answer");
	{	/* 60 times the same name: answered once, within 1 KiB */
		unsigned char many[60 * 17];
		unsigned char small[1024 + 64];

		for (int i = 0; i < 60; i++)
			memcpy(many + 17 * i, "\017\000FCGI_MPXS_CONNS", 17);
		n = fcgi_put_get_values_result(small, sizeof(small), many,
					       sizeof(many), &v);
		clen = (size_t)small[4] << 8 | small[5];
		off = 0;
		g = 0;
		while (fcgi_pair_next(small + 8, clen, &off, &pr) == 1)
			g++;
		ok(n > 8 && g == 1, "GET_VALUES repeating a name 60 times: "
		   "answered, each name once");
	}
}

int main(void)
{
	test_stream();
	test_malformed();
	test_pairs();
	test_writers();
	test_get_values();
	return tap_done();
}
