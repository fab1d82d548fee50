/* fcgi_conn.c: the state machine of one FastCGI connection: reading and
 * checking records, answering, buffering and writing the answers, the
 * limits and the deadlines (described in fcgi_conn.h). */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fcgi_conn.h"
#include "respond.h"

void fcgi_conn_open(struct fcgi_conn *c, int fd,
		    const struct fcgi_conn_conf *conf, fcgi_answer_fn answer,
		    void *answer_ctx, int64_t now)
{
	memset(c, 0, sizeof(*c));
	c->state = FCGI_CONN_WAIT;
	c->fd = fd;
	c->conf = conf;
	c->answer = answer;
	c->answer_ctx = answer_ctx;
	c->now = now;
	c->idle_since = now;
	c->write_progress = now;
	c->write_since = now;
	fcgi_parser_init(&c->parser);
}

void fcgi_conn_close(struct fcgi_conn *c)
{
	if (c->state == FCGI_CONN_FREE)
		return;
	close(c->fd);
	c->fd = -1;
	free(c->params);
	c->params = NULL;
	c->params_len = c->params_cap = 0;
	free(c->out);
	c->out = NULL;
	c->out_off = c->out_len = c->out_cap = 0;
	c->rec_open = 0;
	c->in_len = 0;
	c->state = FCGI_CONN_FREE;
}

static size_t pending(const struct fcgi_conn *c)
{
	return c->out_len - c->out_off;
}

/* out_reserve: room for n more bytes at out + out_len; -1 without memory
 * (out_failed is then set). */
static int out_reserve(struct fcgi_conn *c, size_t n)
{
	size_t cap;
	unsigned char *p;

	if (pending(c) == 0) {
		c->out_off = c->out_len = 0;
		c->write_progress = c->now;	/* the write timeout starts */
		c->write_since = c->now;	/* and the send timeout */
	}
	if (n <= c->out_cap - c->out_len)
		return 0;
	if (c->out_off > 0) {
		memmove(c->out, c->out + c->out_off, pending(c));
		c->out_len -= c->out_off;
		c->rec_at -= c->rec_open ? c->out_off : 0;
		c->out_off = 0;
		if (n <= c->out_cap - c->out_len)
			return 0;
	}
	if (n > SIZE_MAX / 2 - c->out_len) {
		c->out_failed = 1;
		return -1;
	}
	cap = c->out_cap < 4096 ? 4096 : c->out_cap;
	while (cap - c->out_len < n)
		cap *= 2;
	if ((p = realloc(c->out, cap)) == NULL) {
		c->out_failed = 1;
		return -1;
	}
	c->out = p;
	c->out_cap = cap;
	return 0;
}

/* close_record: the open STDOUT record gets its length and its padding
 * (to a multiple of 8, as the specification recommends). */
static void close_record(struct fcgi_conn *c)
{
	size_t pad = (8 - c->rec_len % 8) % 8;

	if (!c->rec_open)
		return;
	c->rec_open = 0;
	if (out_reserve(c, pad) < 0)
		return;
	fcgi_put_header(c->out + c->rec_at, FCGI_STDOUT, c->id, c->rec_len, pad);
	memset(c->out + c->out_len, 0, pad);
	c->out_len += pad;
}

/* fcgi_conn_write: the answer's bytes go into as few STDOUT records as
 * they fit in (respond() writes a head and a page in many pieces; a
 * record each would cost every client a header to parse per piece, and
 * one that reads a record at a time several reads). */
int fcgi_conn_write(void *ctx, const char *buf, size_t len)
{
	struct fcgi_conn *c = ctx;
	size_t n;

	while (len > 0) {
		if (c->rec_open && c->rec_len == FCGI_CONTENT_MAX)
			close_record(c);
		if (!c->rec_open) {
			if (out_reserve(c, FCGI_HEADER_LEN) < 0)
				return -1;
			c->rec_at = c->out_len;
			c->rec_len = 0;
			c->rec_open = 1;
			c->out_len += FCGI_HEADER_LEN;
		}
		n = FCGI_CONTENT_MAX - c->rec_len;
		n = n < len ? n : len;
		if (out_reserve(c, n) < 0)
			return -1;
		memcpy(c->out + c->out_len, buf, n);
		c->out_len += n;
		c->rec_len += n;
		buf += n;
		len -= n;
	}
	return 0;
}

/* end_request: END_REQUEST for id; a completed request first ends its
 * STDOUT stream with an empty record. */
static void end_request(struct fcgi_conn *c, unsigned id, unsigned status)
{
	close_record(c);
	if (out_reserve(c, 24) < 0)
		return;
	if (status == FCGI_REQUEST_COMPLETE) {
		fcgi_put_header(c->out + c->out_len, FCGI_STDOUT, id, 0, 0);
		c->out_len += FCGI_HEADER_LEN;
	}
	c->out_len += fcgi_put_end_request(c->out + c->out_len, id, 0, status);
}

/* finish_request: the request in READ is answered (or aborted). */
static void finish_request(struct fcgi_conn *c)
{
	end_request(c, c->id, FCGI_REQUEST_COMPLETE);
	c->state = FCGI_CONN_WAIT;
	c->served = 1;
	c->answered = 1;
	c->reading_since = 0;
	c->params_len = 0;
	if (c->params_cap > 16384) {	/* a large request's: not kept */
		free(c->params);
		c->params = NULL;
		c->params_cap = 0;
	}
	if (!c->keep)
		c->closing = 1;
}

/* decode_params: the raw PARAMS stream into rq. Returns HTTP_OK, or the
 * status to answer: 431 for too many pairs, 400 for a malformed stream. */
static enum http_status decode_params(const struct fcgi_conn *c,
				      struct fcgi_request *rq)
{
	struct fcgi_pair pr;
	size_t off = 0, k = 0;
	int rc;

	rq->id = c->id;
	rq->count = 0;
	while ((rc = fcgi_pair_next(c->params, c->params_len, &off, &pr)) == 1) {
		if (memchr(pr.name, '\0', pr.name_len) != NULL)
			continue;	/* could pass for a shorter name */
		if (rq->count == FCGI_CONN_PARAMS_COUNT)
			return HTTP_HEADERS_TOO_LARGE;
		/* fits: the pairs' bytes plus two NULs each */
		rq->name[rq->count] = rq->arena + k;
		memcpy(rq->arena + k, pr.name, pr.name_len);
		k += pr.name_len;
		rq->arena[k++] = '\0';
		rq->value[rq->count] = rq->arena + k;
		memcpy(rq->arena + k, pr.value, pr.value_len);
		k += pr.value_len;
		rq->arena[k++] = '\0';
		rq->count++;
	}
	return rc < 0 ? HTTP_BAD_REQUEST : HTTP_OK;
}

const char *fcgi_request_param(void *ctx, const char *name)
{
	const struct fcgi_request *rq = ctx;
	size_t i;

	for (i = 0; i < rq->count; i++)
		if (strcmp(rq->name[i], name) == 0)
			return rq->value[i];
	return NULL;
}

/* refuse: answer the request in READ with the short page of st. */
static int refuse(struct fcgi_conn *c, enum http_status st)
{
	struct respond_io io = { NULL, NULL, fcgi_conn_write, c };

	return respond_status(st, 0, &io) < 0 ? -1 : 0;
}

/* answer_request: the request in READ is complete: answer it. */
static void answer_request(struct fcgi_conn *c)
{
	struct fcgi_request rq;	/* 70 KiB, with respond()'s 110 KiB */
	enum http_status st = decode_params(c, &rq);
	int rc;

	rc = st == HTTP_OK ? c->answer(c->answer_ctx, c, &rq) : refuse(c, st);
	rq.count = 0;
	finish_request(c);
	if (rc < 0 || c->out_failed)
		fcgi_conn_close(c);
}

static void on_begin(struct fcgi_conn *c, const struct fcgi_event *ev)
{
	if (c->state == FCGI_CONN_READ) {
		if (ev->id == c->id)
			c->closing = 1;	/* the same request begun twice */
		else
			end_request(c, ev->id, FCGI_CANT_MPX_CONN);
		return;
	}
	if (ev->role != FCGI_RESPONDER) {
		end_request(c, ev->id, FCGI_UNKNOWN_ROLE);
		if (!(ev->flags & FCGI_KEEP_CONN))
			c->closing = 1;
		return;
	}
	c->state = FCGI_CONN_READ;
	c->id = ev->id;
	c->keep = (ev->flags & FCGI_KEEP_CONN) != 0 && !c->stopping;
	c->params_done = 0;
	c->params_len = 0;
	c->stdin_len = 0;
}

/* on_params: a piece of the PARAMS stream; past the limit, 431. */
static void on_params(struct fcgi_conn *c, const struct fcgi_event *ev)
{
	unsigned char *p;
	size_t cap;

	if (ev->len == 0) {
		c->params_done = 1;
		return;
	}
	if (ev->len > FCGI_CONN_PARAMS_MAX - c->params_len) {
		c->keep = 0;	/* the rest of the stream is not read */
		if (refuse(c, HTTP_HEADERS_TOO_LARGE) == 0)
			finish_request(c);
		c->closing = 1;
		return;
	}
	if (c->params_len + ev->len > c->params_cap) {
		cap = c->params_cap < 4096 ? 4096 : c->params_cap;
		while (cap < c->params_len + ev->len)
			cap *= 2;
		if ((p = realloc(c->params, cap)) == NULL) {
			c->closing = 1;
			return;
		}
		c->params = p;
		c->params_cap = cap;
	}
	memcpy(c->params + c->params_len, ev->data, ev->len);
	c->params_len += ev->len;
}

static void on_stdin(struct fcgi_conn *c, const struct fcgi_event *ev)
{
	if (!c->params_done) {
		c->closing = 1;	/* stdin before the end of the params */
		return;
	}
	if (ev->len > 0) {
		c->stdin_len += ev->len;
		if (c->stdin_len <= FCGI_CONN_STDIN_MAX)
			return;
		c->keep = 0;	/* the rest of stdin is not read */
	}
	answer_request(c);
}

static void on_management(struct fcgi_conn *c, const struct fcgi_event *ev)
{
	size_t n;

	if (out_reserve(c, FCGI_SMALL_MAX + 64) < 0)
		return;
	if (ev->kind == FCGI_EV_UNKNOWN)
		n = fcgi_put_unknown_type(c->out + c->out_len, ev->type);
	else
		n = fcgi_put_get_values_result(c->out + c->out_len,
					       FCGI_SMALL_MAX + 64, ev->data,
					       ev->len, &c->conf->values);
	c->out_len += n;
}

static int ours(const struct fcgi_conn *c, const struct fcgi_event *ev)
{
	return c->state == FCGI_CONN_READ && ev->id == c->id;
}

static void handle_event(struct fcgi_conn *c, const struct fcgi_event *ev)
{
	switch (ev->kind) {
	case FCGI_EV_BEGIN:
		on_begin(c, ev);
		break;
	case FCGI_EV_PARAMS:
		if (ours(c, ev) && !c->params_done)
			on_params(c, ev);
		break;
	case FCGI_EV_STDIN:
		if (ours(c, ev))
			on_stdin(c, ev);
		break;
	case FCGI_EV_ABORT:
		if (ours(c, ev))
			finish_request(c);
		break;
	case FCGI_EV_GET_VALUES:
	case FCGI_EV_UNKNOWN:
		on_management(c, ev);
		break;
	case FCGI_EV_ERROR:
		c->closing = 1;
		break;
	case FCGI_EV_MORE:
		break;
	}
}

static int mid_request(const struct fcgi_conn *c)
{
	return c->state == FCGI_CONN_READ || c->in_len > 0 ||
	       c->parser.state != FCGI_P_HEADER || c->parser.got > 0;
}

/* process_input: the events of the bytes read, while the output waiting
 * stays below FCGI_CONN_OUT_HIGH; what is left waits in c->in. */
static void process_input(struct fcgi_conn *c)
{
	struct fcgi_event ev;
	size_t off = 0, used;

	while (c->state != FCGI_CONN_FREE && !c->closing &&
	       pending(c) <= FCGI_CONN_OUT_HIGH) {
		fcgi_parse(&c->parser, c->in + off, c->in_len - off, &used, &ev);
		off += used;
		if (ev.kind == FCGI_EV_MORE)
			break;
		handle_event(c, &ev);
	}
	if (c->state != FCGI_CONN_FREE && c->out_failed)
		fcgi_conn_close(c);	/* an answer is missing: out of step */
	if (c->state == FCGI_CONN_FREE)
		return;
	memmove(c->in, c->in + off, c->in_len - off);
	c->in_len -= off;
	if (c->eof && c->in_len == 0)
		c->closing = 1;	/* nothing more can come */
	if (!mid_request(c))
		c->reading_since = 0;
	else if (c->reading_since == 0)
		c->reading_since = c->now;
}

static int may_read(const struct fcgi_conn *c)
{
	return !c->closing && !c->eof && c->in_len < FCGI_CONN_IN_CAP &&
	       pending(c) <= FCGI_CONN_OUT_HIGH;
}

short fcgi_conn_events(const struct fcgi_conn *c)
{
	return (short)((may_read(c) ? POLLIN : 0) |
		       (pending(c) > 0 ? POLLOUT : 0));
}

/* read_input: one read() into c->in; EOF stops reading, an error closes. */
static void read_input(struct fcgi_conn *c)
{
	ssize_t n = read(c->fd, c->in + c->in_len, FCGI_CONN_IN_CAP - c->in_len);

	if (n > 0)
		c->in_len += (size_t)n;
	else if (n == 0)
		c->eof = 1;
	else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
		fcgi_conn_close(c);
}

/* flush_out: write what waits until the socket is full; once all is
 * written, close a closing connection. */
static void flush_out(struct fcgi_conn *c)
{
	ssize_t n;

	while (pending(c) > 0) {
		n = write(c->fd, c->out + c->out_off, pending(c));
		if (n > 0) {
			c->out_off += (size_t)n;
			c->write_progress = c->now;
		} else if (n < 0 && errno == EINTR)
			continue;
		else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		else {
			fcgi_conn_close(c);
			return;
		}
	}
	c->out_off = c->out_len = 0;
	if (c->out_cap > FCGI_CONN_OUT_KEEP) {
		free(c->out);
		c->out = NULL;
		c->out_cap = 0;
	}
	if (c->answered) {	/* an answer is out: the idle time starts */
		c->idle_since = c->now;
		c->answered = 0;
	}
	if (c->closing)
		fcgi_conn_close(c);
}

void fcgi_conn_ready(struct fcgi_conn *c, short revents, int64_t now)
{
	c->now = now;
	if (revents & POLLERR) {
		fcgi_conn_close(c);
		return;
	}
	if (revents & POLLOUT)
		flush_out(c);
	if (c->state != FCGI_CONN_FREE && (revents & (POLLIN | POLLHUP))) {
		if (may_read(c))
			read_input(c);
		else if (revents & POLLHUP)
			fcgi_conn_close(c);
	}
	if (c->state == FCGI_CONN_FREE)
		return;
	process_input(c);
	if (c->state != FCGI_CONN_FREE)
		flush_out(c);
}

int64_t fcgi_conn_deadline(const struct fcgi_conn *c)
{
	int64_t stall, total;

	if (pending(c) > 0) {
		stall = c->write_progress + c->conf->write_ms;
		total = c->write_since + c->conf->send_ms;
		return stall < total ? stall : total;
	}
	if (c->reading_since != 0)
		return c->reading_since + c->conf->read_ms;
	return c->idle_since + (c->served ? c->conf->idle_ms : c->conf->read_ms);
}

void fcgi_conn_stop(struct fcgi_conn *c)
{
	if (c->state == FCGI_CONN_FREE)
		return;
	c->stopping = 1;	/* no request after this one */
	c->keep = 0;
	if (c->state == FCGI_CONN_READ)
		return;
	c->closing = 1;
	if (pending(c) == 0)
		fcgi_conn_close(c);
}
