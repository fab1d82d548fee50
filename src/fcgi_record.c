/* fcgi_record.c: the FastCGI record parser, the name-value pair decoder
 * and the record writers (the format: fcgi_record.h). */
#include <stdio.h>
#include <string.h>

#include "fcgi_record.h"

void fcgi_parser_init(struct fcgi_parser *p)
{
	memset(p, 0, sizeof(*p));
	p->state = FCGI_P_HEADER;
}

static void fail(struct fcgi_parser *p, struct fcgi_event *ev)
{
	p->failed = 1;
	ev->kind = FCGI_EV_ERROR;
}

/* after_content: the content is used up; padding or the next header. */
static void after_content(struct fcgi_parser *p)
{
	p->got = 0;
	p->state = p->padding_left > 0 ? FCGI_P_PADDING : FCGI_P_HEADER;
}

/* finish_small: the whole content of a kept record is in p->body. */
static void finish_small(struct fcgi_parser *p, struct fcgi_event *ev)
{
	ev->id = p->id;
	ev->type = p->type;
	ev->data = p->body;
	ev->len = p->got;
	if (p->id == 0)
		ev->kind = p->type == FCGI_GET_VALUES ? FCGI_EV_GET_VALUES :
			   FCGI_EV_UNKNOWN;
	else if (p->type == FCGI_BEGIN_REQUEST) {
		ev->kind = FCGI_EV_BEGIN;
		ev->role = (unsigned)p->body[0] << 8 | p->body[1];
		ev->flags = p->body[2];
	} else
		ev->kind = FCGI_EV_ABORT;
	after_content(p);
}

static int is_stream(unsigned type)
{
	return type == FCGI_PARAMS || type == FCGI_STDIN;
}

/* stream_event: for a PARAMS or STDIN record, the event of its len bytes
 * at data (none at the end of a record); returns 1 then, else 0. */
static int stream_event(const struct fcgi_parser *p, struct fcgi_event *ev,
			const unsigned char *data, size_t len)
{
	if (!is_stream(p->type))
		return 0;
	ev->kind = p->type == FCGI_PARAMS ? FCGI_EV_PARAMS : FCGI_EV_STDIN;
	ev->id = p->id;
	ev->type = p->type;
	ev->data = data;
	ev->len = len;
	return 1;
}

/* start_record: the header is complete. Returns 1 when that alone makes
 * an event (an error, an empty record), with *ev filled; else 0. */
static int start_record(struct fcgi_parser *p, struct fcgi_event *ev)
{
	const unsigned char *h = p->hdr;

	if (h[0] != 1) {
		fail(p, ev);
		return 1;
	}
	p->type = h[1];
	p->id = (unsigned)h[2] << 8 | h[3];
	p->content_left = (size_t)h[4] << 8 | h[5];
	p->padding_left = h[6];
	p->got = 0;
	p->state = FCGI_P_CONTENT;
	p->small = p->id == 0 || p->type == FCGI_BEGIN_REQUEST ||
		   p->type == FCGI_ABORT_REQUEST;
	if ((p->small && p->content_left > FCGI_SMALL_MAX) ||
	    (p->id != 0 && p->type == FCGI_BEGIN_REQUEST &&
	     p->content_left != 8)) {
		fail(p, ev);
		return 1;
	}
	if (p->content_left > 0)
		return 0;
	if (p->small) {
		finish_small(p, ev);
		return 1;
	}
	after_content(p);
	return stream_event(p, ev, NULL, 0);
}

/* content: take up to len bytes of content. Returns 1 with an event. */
static int content(struct fcgi_parser *p, const unsigned char *buf,
		   size_t len, size_t *i, struct fcgi_event *ev)
{
	size_t n = len - *i < p->content_left ? len - *i : p->content_left;

	if (p->small)
		memcpy(p->body + p->got, buf + *i, n);
	p->got += n;
	p->content_left -= n;
	*i += n;
	if (p->small) {
		if (p->content_left == 0)
			finish_small(p, ev);
		return p->content_left == 0;
	}
	if (p->content_left == 0)
		after_content(p);
	return stream_event(p, ev, buf + *i - n, n);
}

void fcgi_parse(struct fcgi_parser *p, const unsigned char *buf, size_t len,
		size_t *used, struct fcgi_event *ev)
{
	size_t i = 0, n;

	memset(ev, 0, sizeof(*ev));
	if (p->failed) {
		*used = 0;
		ev->kind = FCGI_EV_ERROR;
		return;
	}
	while (i < len) {
		if (p->state == FCGI_P_HEADER) {
			n = FCGI_HEADER_LEN - p->got;
			n = n < len - i ? n : len - i;
			memcpy(p->hdr + p->got, buf + i, n);
			p->got += n;
			i += n;
			if (p->got == FCGI_HEADER_LEN && start_record(p, ev))
				break;
		} else if (p->state == FCGI_P_CONTENT) {
			if (content(p, buf, len, &i, ev))
				break;
		} else {
			n = p->padding_left < len - i ? p->padding_left : len - i;
			p->padding_left -= n;
			i += n;
			if (p->padding_left == 0)
				after_content(p);
		}
	}
	*used = i;
}

/* get_len: a 1- or 4-byte length at buf[*off]; -1 when it is cut. */
static int get_len(const unsigned char *buf, size_t len, size_t *off,
		   size_t *out)
{
	const unsigned char *b = buf + *off;

	if (*off >= len)
		return -1;
	if (b[0] < 128) {
		*out = b[0];
		*off += 1;
		return 0;
	}
	if (len - *off < 4)
		return -1;
	*out = (size_t)(b[0] & 0x7f) << 24 | (size_t)b[1] << 16 |
	       (size_t)b[2] << 8 | b[3];
	*off += 4;
	return 0;
}

int fcgi_pair_next(const unsigned char *buf, size_t len, size_t *off,
		   struct fcgi_pair *pair)
{
	size_t o = *off, nlen, vlen;

	if (o == len)
		return 0;
	if (o > len || get_len(buf, len, &o, &nlen) < 0 ||
	    get_len(buf, len, &o, &vlen) < 0 || nlen > len - o ||
	    vlen > len - o - nlen)
		return -1;
	pair->name = buf + o;
	pair->name_len = nlen;
	pair->value = buf + o + nlen;
	pair->value_len = vlen;
	*off = o + nlen + vlen;
	return 1;
}

void fcgi_put_header(unsigned char *dst, unsigned type, unsigned id,
		     size_t content_len, size_t padding_len)
{
	dst[0] = 1;
	dst[1] = (unsigned char)type;
	dst[2] = (unsigned char)(id >> 8);
	dst[3] = (unsigned char)id;
	dst[4] = (unsigned char)(content_len >> 8);
	dst[5] = (unsigned char)content_len;
	dst[6] = (unsigned char)padding_len;
	dst[7] = 0;
}

size_t fcgi_put_end_request(unsigned char *dst, unsigned id,
			    uint32_t app_status, unsigned protocol_status)
{
	fcgi_put_header(dst, FCGI_END_REQUEST, id, 8, 0);
	dst[8] = (unsigned char)(app_status >> 24);
	dst[9] = (unsigned char)(app_status >> 16);
	dst[10] = (unsigned char)(app_status >> 8);
	dst[11] = (unsigned char)app_status;
	dst[12] = (unsigned char)protocol_status;
	memset(dst + 13, 0, 3);
	return 16;
}

size_t fcgi_put_unknown_type(unsigned char *dst, unsigned type)
{
	fcgi_put_header(dst, FCGI_UNKNOWN_TYPE, 0, 8, 0);
	dst[8] = (unsigned char)type;
	memset(dst + 9, 0, 7);
	return 16;
}

static size_t padding(size_t len)
{
	return (8 - len % 8) % 8;
}

size_t fcgi_stdout_size(size_t len)
{
	size_t total = 0, c;

	do {
		c = len > FCGI_CONTENT_MAX ? FCGI_CONTENT_MAX : len;
		total += FCGI_HEADER_LEN + c + padding(c);
		len -= c;
	} while (len > 0);
	return total;
}

size_t fcgi_put_stdout(unsigned char *dst, unsigned id,
		       const void *data, size_t len)
{
	const unsigned char *d = data;
	size_t k = 0, c;

	do {
		c = len > FCGI_CONTENT_MAX ? FCGI_CONTENT_MAX : len;
		fcgi_put_header(dst + k, FCGI_STDOUT, id, c, padding(c));
		k += FCGI_HEADER_LEN;
		if (c > 0)
			memcpy(dst + k, d, c);
		memset(dst + k + c, 0, padding(c));
		k += c + padding(c);
		d += c;
		len -= c;
	} while (len > 0);
	return k;
}

/* put_pair: name and value (both below 128 bytes) at dst + *k. */
static int put_pair(unsigned char *dst, size_t cap, size_t *k,
		    const unsigned char *name, size_t nlen, const char *value)
{
	size_t vlen = strlen(value);

	if (nlen >= 128 || 2 + nlen + vlen > cap - *k)
		return -1;
	dst[(*k)++] = (unsigned char)nlen;
	dst[(*k)++] = (unsigned char)vlen;
	memcpy(dst + *k, name, nlen);
	memcpy(dst + *k + nlen, value, vlen);
	*k += nlen + vlen;
	return 0;
}

/* value_of: the answer to the variable name, or NULL when unknown or
 * already answered (the bit of each name answered is set in *done), so
 * that a query repeating a name still gets an answer that fits. */
static const char *value_of(const struct fcgi_pair *q,
			    const struct fcgi_values *v, char *num, size_t cap,
			    unsigned *done)
{
	static const char *const names[] = { "FCGI_MAX_CONNS", "FCGI_MAX_REQS",
					     "FCGI_MPXS_CONNS" };
	unsigned vals[3];
	size_t i;

	vals[0] = v->max_conns;
	vals[1] = v->max_reqs;
	vals[2] = 0;
	for (i = 0; i < 3; i++)
		if (q->name_len == strlen(names[i]) &&
		    memcmp(q->name, names[i], q->name_len) == 0) {
			if (*done & (1u << i))
				return NULL;
			*done |= 1u << i;
			snprintf(num, cap, "%u", vals[i]);
			return num;
		}
	return NULL;
}

size_t fcgi_put_get_values_result(unsigned char *dst, size_t cap,
				  const unsigned char *q, size_t qlen,
				  const struct fcgi_values *v)
{
	struct fcgi_pair pair;
	size_t off = 0, k = FCGI_HEADER_LEN, clen;
	const char *val;
	char num[16];
	unsigned done = 0;
	int rc;

	if (cap < FCGI_HEADER_LEN + 8)
		return 0;
	cap -= 8;	/* room for the padding */
	while ((rc = fcgi_pair_next(q, qlen, &off, &pair)) == 1) {
		val = value_of(&pair, v, num, sizeof(num), &done);
		if (val != NULL && put_pair(dst, cap, &k, pair.name,
					    pair.name_len, val) < 0)
			return 0;
	}
	clen = k - FCGI_HEADER_LEN;
	if (rc < 0 || clen > FCGI_CONTENT_MAX)
		return 0;
	fcgi_put_header(dst, FCGI_GET_VALUES_RESULT, 0, clen, padding(clen));
	memset(dst + k, 0, padding(clen));
	return k + padding(clen);
}
