/* fuzz/fcgi.c: libFuzzer harness for the FastCGI record layer
 * (src/fcgi_record.c): the input is a connection's byte stream, fed to
 * the parser whole and again in pieces whose sizes come from the input
 * itself; PARAMS streams are decoded as name-value pairs and GET_VALUES
 * queries answered. Aborts when a contract is broken: the parser uses
 * more bytes than it was given or makes no progress, an event's data lies
 * outside the buffer, the cut stream gives other events than the whole
 * one, an error does not stay an error, a decoded pair lies outside its
 * buffer, or a GET_VALUES_RESULT is not a well-formed, padded record. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi_record.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

#define STREAM_MAX (1u << 17)

/* What a run saw: a running hash of the events, stream bytes joined. */
struct run {
	uint64_t hash;
	int last_piece;		/* the kind of the last piece, or -1 */
	unsigned char params[STREAM_MAX];
	size_t params_len;
	int failed;
};

static void mix(struct run *r, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		r->hash = (r->hash ^ b[i]) * 1099511628211u;
}

static void check_pairs(const unsigned char *buf, size_t len)
{
	struct fcgi_pair pr;
	size_t off = 0;

	while (fcgi_pair_next(buf, len, &off, &pr) == 1)
		if (pr.name < buf || pr.value < buf || off > len ||
		    pr.name_len > len || pr.value_len > len ||
		    pr.value + pr.value_len > buf + len)
			abort();
}

static void check_get_values(const struct fcgi_event *ev)
{
	static unsigned char out[FCGI_SMALL_MAX + 64];
	struct fcgi_values v = { 64, 64 };
	size_t n = fcgi_put_get_values_result(out, sizeof(out), ev->data,
					      ev->len, &v), clen;

	if (n == 0)
		return;
	clen = (size_t)out[4] << 8 | out[5];
	if (n > sizeof(out) || n % 8 != 0 || out[0] != 1 ||
	    out[1] != FCGI_GET_VALUES_RESULT || n != 8 + clen + out[6])
		abort();
	check_pairs(out + 8, clen);
}

static void on_event(struct run *r, const struct fcgi_event *ev)
{
	int piece = (ev->kind == FCGI_EV_PARAMS || ev->kind == FCGI_EV_STDIN) &&
		    ev->len > 0;

	if (!(piece && r->last_piece == (int)ev->kind)) {
		mix(r, &ev->kind, sizeof(ev->kind));
		mix(r, &ev->id, sizeof(ev->id));
	}
	r->last_piece = piece ? (int)ev->kind : -1;
	if (piece)
		mix(r, ev->data, ev->len);
	if (ev->kind == FCGI_EV_BEGIN) {
		mix(r, &ev->role, sizeof(ev->role));
		mix(r, &ev->flags, sizeof(ev->flags));
	}
	if (ev->kind == FCGI_EV_GET_VALUES) {
		mix(r, ev->data, ev->len);
		check_get_values(ev);
	}
	if (ev->kind == FCGI_EV_UNKNOWN)
		mix(r, &ev->type, sizeof(ev->type));
	if (ev->kind == FCGI_EV_PARAMS && ev->len > 0 &&
	    ev->len <= STREAM_MAX - r->params_len) {
		memcpy(r->params + r->params_len, ev->data, ev->len);
		r->params_len += ev->len;
	}
	if (ev->kind == FCGI_EV_PARAMS && ev->len == 0) {
		check_pairs(r->params, r->params_len);
		r->params_len = 0;
	}
}

/* feed: one piece; the contracts of fcgi_parse on every call. */
static void feed(struct fcgi_parser *p, struct run *r,
		 const unsigned char *buf, size_t len)
{
	struct fcgi_event ev;
	size_t used;

	for (;;) {
		if (r->failed) {
			fcgi_parse(p, buf, len, &used, &ev);
			if (ev.kind != FCGI_EV_ERROR)
				abort();
			return;
		}
		fcgi_parse(p, buf, len, &used, &ev);
		if (used > len)
			abort();
		if (ev.kind == FCGI_EV_MORE) {
			if (used != len)
				abort();
			return;
		}
		if ((ev.kind == FCGI_EV_PARAMS || ev.kind == FCGI_EV_STDIN) &&
		    ev.len > 0 && (ev.data < buf || ev.len > len || ev.data + ev.len > buf + used))
			abort();
		on_event(r, &ev);
		if (ev.kind == FCGI_EV_ERROR)
			r->failed = 1;
		buf += used;
		len -= used;
	}
}

static struct run whole, cut;
static struct fcgi_parser pw, pc;

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	size_t off = 0, n, k = 0;

	memset(&whole, 0, sizeof(whole));
	memset(&cut, 0, sizeof(cut));
	whole.last_piece = cut.last_piece = -1;
	fcgi_parser_init(&pw);
	fcgi_parser_init(&pc);
	feed(&pw, &whole, data, size);
	/* the same bytes in pieces of 1..16 bytes, sizes from the input */
	while (off < size) {
		n = 1 + data[k++ % size] % 16;
		if (n > size - off)
			n = size - off;
		feed(&pc, &cut, data + off, n);
		off += n;
	}
	if (whole.hash != cut.hash || whole.failed != cut.failed)
		abort();
	return 0;
}
